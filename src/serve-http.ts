/**
 * HTTP interactions mode: `PARLEY_MODE=http npm start` (main.ts hands over to
 * {@link runHttpMode}), or `tsx src/serve-http.ts` directly. Start-up order matters for a load
 * balancer: listen first (PING and `/healthz` answer at once, `/healthz` says 503), load or build
 * the index, then report ready.
 */
import { isIP } from 'node:net';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from './config.js';
import { loadCorpus } from './corpus/load.js';
import { serveHttp, type HttpInteractionsServer, type ReadyState } from './discord/http.js';
import { createRouter } from './discord/router.js';
import { createWebhookEditor } from './discord/webhook.js';
import { createLogger, type Logger } from './log.js';
import { loadOrBuildIndex } from './search/cache.js';
import { VERSION } from './version.js';

/**
 * Address to bind: `HOST` (e.g. `127.0.0.1` behind a reverse proxy on the same machine), else all
 * interfaces. Read here until config.ts carries it.
 */
function bindAddress(logger: Logger): string | undefined {
  const host = process.env.HOST?.trim();
  if (!host) return undefined;
  if (isIP(host) === 0 && host !== 'localhost') {
    logger.fatal(`HOST is not an IP address ("${host.slice(0, 60)}"): use e.g. 127.0.0.1 (behind a reverse proxy) or leave it empty for all interfaces`);
    process.exit(1);
  }
  return host;
}

/** Loads the corpus and its index (from the on-disk cache when valid) and builds the router. */
async function loadReadyState(config: Config, logger: Logger): Promise<ReadyState> {
  const corpus = await loadCorpus(config.corpusDir);
  for (const problem of corpus.problems) {
    logger[problem.severity === 'error' ? 'error' : 'warn'](
      { file: problem.file, ...(problem.line ? { line: problem.line } : {}) },
      problem.message,
    );
  }
  const { index, source, ms } = await loadOrBuildIndex(corpus, {
    logger: (level, message, code) => logger[level]({ code }, `index cache: ${message}`),
  });
  logger.info({ source, ms: Math.round(ms), passages: corpus.passages.length }, 'index loaded');
  const router = createRouter({
    getSearcher: () => index,
    logger,
    version: VERSION,
    settings: { cooldownSeconds: config.cooldownSeconds, ownerIds: config.ownerIds },
  });
  return { router, passages: corpus.passages.length };
}

/**
 * Serves the Interactions Endpoint until SIGTERM/SIGINT, then closes cleanly. A corpus or index
 * failure stops the process (exit 1), so an orchestrator restarts it rather than keeping a
 * replica that can never become ready.
 *
 * @example
 * // in main.ts, after the config is validated:
 * if (config.mode === 'http') return runHttpMode(config, logger);
 */
export async function runHttpMode(config: Config, logger: Logger): Promise<HttpInteractionsServer> {
  const started = performance.now();
  if (!config.publicKey) throw new Error('Parley: http mode needs config.publicKey (readConfig checks DISCORD_PUBLIC_KEY)');
  const host = bindAddress(logger);
  const ready = loadReadyState(config, logger);
  const server = await serveHttp({
    publicKey: config.publicKey,
    port: config.port,
    ...(host ? { host } : {}),
    ready,
    followUps: createWebhookEditor(config.apiUrl ? { api: config.apiUrl } : {}),
    logger,
  });

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));

  try {
    const state = await ready;
    logger.info(
      { mode: 'http', url: `${server.url}/interactions`, passages: state.passages, startupMs: Math.round(performance.now() - started), version: VERSION },
      'ready',
    );
  } catch (error) {
    logger.fatal({ err: error }, 'could not load the corpus index');
    await server.close();
    process.exit(1);
  }
  return server;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // This file is the HTTP entry whatever PARLEY_MODE says; a gateway token is not needed here.
  process.env.PARLEY_MODE = 'http';
  const result = loadConfig('start');
  if (!result.ok) {
    console.error(result.error);
    process.exit(1);
  }
  const logger = createLogger({ level: result.config.logLevel, ...(result.config.token ? { secrets: [result.config.token] } : {}) });
  await runHttpMode(result.config, logger);
}
