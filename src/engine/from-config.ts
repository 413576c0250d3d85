/**
 * The one place the corpus settings of the configuration (CORPUS_DIR, CORPUS_MAX_FILE_MB,
 * CORPUS_MAX_FILES, CORPUS_LINKS_OUTSIDE, CORPUS_PARSE_TIMEOUT, INDEX_CACHE_DIR) become engine
 * options, so the bot, `npm run ask` and `npm run validate-corpus` read the same corpus the same way.
 */
import type { Config } from '../config.js';
import type { LoadOptions } from '../corpus/load.js';
import type { EngineOptions } from './engine.js';

/** The part of the configuration that says which corpus is served and how it is read and cached. */
export type CorpusConfig = Pick<
  Config,
  'corpusDir' | 'maxFileBytes' | 'maxFiles' | 'followLinksOutside' | 'parseBudgetMs' | 'cacheDir'
>;

/**
 * The options of `Engine.start` that the configuration decides; add the caller's own (`logger`,
 * `startInWorker`, …) beside them.
 *
 * @example
 * const started = await Engine.start({ ...engineOptions(config), logger });
 */
export function engineOptions(
  config: CorpusConfig,
): EngineOptions & { readonly load: LoadOptions; readonly parseBudgetMs: number } {
  return {
    corpusDir: config.corpusDir,
    load: {
      maxFileBytes: config.maxFileBytes,
      maxFiles: config.maxFiles,
      followLinksOutside: config.followLinksOutside,
    },
    parseBudgetMs: config.parseBudgetMs,
    ...(config.cacheDir !== undefined ? { cacheDir: config.cacheDir } : {}),
  };
}
