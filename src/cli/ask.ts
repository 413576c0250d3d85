/**
 * `npm run --silent ask -- [options] [question]`: ask the corpus from a terminal or a script.
 *
 *   ask "why is Rome the venue for the talks?"   readable top passages
 *   ask --json --limit 5 "question"             exactly one JSON object on stdout
 *   ask --batch < questions.txt                 one JSON object per input line, in order
 *   ask                                         interactive prompt (stdin is a terminal) until Ctrl-D
 *
 * The corpus and its index come the way the bot gets them: the same configuration (.env and the
 * environment: CORPUS_DIR, CORPUS_MAX_FILE_MB, CORPUS_MAX_FILES, CORPUS_LINKS_OUTSIDE,
 * CORPUS_PARSE_TIMEOUT, INDEX_CACHE_DIR) through `Engine.start`, so a question asked here is
 * answered from the passages the bot serves, and the index cache is read and saved as the bot does.
 *
 * In `--json` and `--batch` modes nothing but JSON reaches stdout; warnings go to stderr.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { Engine, type EngineLogger } from '../engine/engine.js';
import { engineOptions } from '../engine/from-config.js';
import { ParleyIndex } from '../search/index.js';
import type { Searcher } from '../types.js';
import { toJson, toText } from './ask-output.js';
import { endQuietlyWhenReaderCloses } from './stdout.js';

const USAGE = `usage: npm run --silent ask -- [--json] [--batch] [--limit N] [question]
  --limit N   passages to show, 1-10 (default 3)
  --json      print exactly one JSON object
  --batch     read one question per line from stdin, print one JSON object per line
With no question and a terminal on stdin, opens a prompt (Ctrl-D to quit).
The corpus settings are the bot's (.env and the environment): CORPUS_DIR (default: corpus),
CORPUS_MAX_FILE_MB, CORPUS_MAX_FILES, CORPUS_LINKS_OUTSIDE, CORPUS_PARSE_TIMEOUT, INDEX_CACHE_DIR.`;

const LIMIT_MIN = 1;
const LIMIT_MAX = 10;

function parseLimit(raw: string | undefined): number | string {
  if (raw === undefined) return 3;
  if (!/^\d+$/.test(raw.trim()))
    return `--limit must be a whole number from ${LIMIT_MIN} to ${LIMIT_MAX}, got "${raw}"`;
  const n = Number(raw);
  if (n < LIMIT_MIN || n > LIMIT_MAX) return `--limit must be from ${LIMIT_MIN} to ${LIMIT_MAX}, got ${n}`;
  return n;
}

/** A configuration the bot would refuse: the CLI refuses it too, with the same line. */
class ConfigError extends Error {}

/** Skipped files, cache trouble and the like, one line each on stderr (info stays quiet). */
const stderrLogger: EngineLogger = {
  info: () => undefined,
  warn: (fields, message) => process.stderr.write(`${severityOf(fields)}: ${message}\n`),
  error: (_fields, message) => process.stderr.write(`error: ${message}\n`),
};

function severityOf(fields: object): string {
  const severity = (fields as { severity?: unknown }).severity;
  return severity === 'error' || severity === 'info' ? severity : 'warning';
}

/** The index the bot would serve, from the same configuration and load path (`Engine.start`). */
async function openIndex(): Promise<Searcher> {
  // Quietly: dotenv 17 announces itself on stdout unless told not to, which would break --json.
  const result = loadConfig('corpus');
  for (const warning of result.warnings ?? []) process.stderr.write(`warning: ${warning}\n`);
  if (!result.ok) throw new ConfigError(result.error);
  const started = await Engine.start({ ...engineOptions(result.config), logger: stderrLogger });
  if (started.kind === 'ready') {
    // Nothing to watch or rebuild: the engine only loaded the index.
    started.engine.close();
    return started.engine.current;
  }
  process.stderr.write(`warning: ${started.message}; every question will get no-match\n`);
  return ParleyIndex.build({ documents: [], sections: [], passages: [], problems: started.problems });
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean' },
        batch: { type: 'boolean' },
        limit: { type: 'string', short: 'n' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
    });
  } catch (error) {
    process.stderr.write(`ask: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const limit = parseLimit(values.limit);
  if (typeof limit === 'string') {
    process.stderr.write(`ask: ${limit}\n${USAGE}\n`);
    return 2;
  }
  const question = positionals.join(' ');

  if (values.batch) {
    if (positionals.length > 0)
      process.stderr.write('ask: --batch reads questions from stdin; the arguments are ignored\n');
    const index = await openIndex();
    const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
    for await (const line of lines) {
      process.stdout.write(`${JSON.stringify(toJson(index.ask(line, { limit })))}\n`);
    }
    return 0;
  }

  if (positionals.length === 0 && process.stdin.isTTY && !values.json) {
    const index = await openIndex();
    const prompt = createInterface({ input: process.stdin, output: process.stdout, prompt: 'ask> ' });
    process.stdout.write(`${index.corpus.passages.length} passages loaded. Ask a question (Ctrl-D to quit).\n`);
    prompt.prompt();
    for await (const line of prompt) {
      if (line.trim().length > 0) process.stdout.write(toText(index.ask(line, { limit })));
      prompt.prompt();
    }
    process.stdout.write('\n');
    return 0;
  }

  const index = await openIndex();
  const answer = index.ask(question, { limit });
  process.stdout.write(values.json ? `${JSON.stringify(toJson(answer))}\n` : toText(answer));
  return 0;
}

endQuietlyWhenReaderCloses();
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ask: ${(error as Error).message}\n`);
    process.exitCode = error instanceof ConfigError ? 2 : 1;
  },
);
