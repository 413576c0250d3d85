/**
 * Structured logging: pino on stderr (stdout stays free for CLI output) — one short coloured line
 * per event on a terminal (pino-pretty, run in-process and synchronously so the last line before
 * an exit is never lost), JSON lines otherwise or with `LOG_FORMAT=json`. Secrets
 * never reach a line: known secrets (the bot token) and anything shaped like a bot token or an
 * interaction/webhook token in a URL are replaced in the serialised line itself, after every
 * serializer, so an error message or a stack that quotes them is scrubbed too.
 */
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import type { LogFormat, LogLevel } from './config.js';

export type { Logger } from 'pino';

export const REDACTED = '[redacted]';

/** Options of {@link createLogger}. All optional. */
export interface LoggerOptions {
  /** Minimum level (default `info`). */
  readonly level?: LogLevel;
  /** Exact strings that must never be written (e.g. the bot token). */
  readonly secrets?: readonly string[];
  /** Where lines go (default: stderr). */
  readonly destination?: DestinationStream;
  /**
   * `json`, `pretty` (one coloured line per event), or `auto` (default): pretty when lines go to
   * stderr and stderr is a terminal, else JSON — so files, pipes and log collectors get JSON.
   */
  readonly format?: LogFormat;
  /** Extra fields on every line. */
  readonly base?: Record<string, unknown>;
}

// Starting only where a run of word characters starts keeps it linear on a long run without dots.
const TOKEN_SHAPED = /(?<![\w-])[\w-]{16,}\.[\w-]{4,}\.[\w-]{20,}/g;
const URL_TOKEN = /(\/(?:interactions|webhooks)\/\d+\/)[^/\s"?]+/g;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Removes secrets from one serialised line. */
export function scrub(line: string, secrets: readonly string[] = []): string {
  let out = line;
  for (const secret of secrets) {
    if (secret.length >= 8) out = out.replace(new RegExp(escapeRegExp(secret), 'g'), REDACTED);
  }
  return out.replace(TOKEN_SHAPED, REDACTED).replace(URL_TOKEN, `$1${REDACTED}`);
}

/**
 * @example
 * const log = createLogger({ level: 'info', secrets: [config.token] });
 * log.info({ command: 'ask', ms: 12, outcome: 'answer' }, 'interaction');
 */
/** Whether {@link createLogger} writes pretty lines for these options (see `LoggerOptions.format`). */
export function usesPrettyLines(
  format: LogFormat = 'auto',
  destination?: DestinationStream,
  stderrIsTty = stderrIsTerminal(),
): boolean {
  if (format === 'auto') return destination === undefined && stderrIsTty;
  return format === 'pretty';
}

/**
 * pino-pretty as a plain stream on `destination` (default stderr): short time, level, message,
 * fields on one line. In-process rather than as a pino transport, because a transport's worker
 * thread can lose the last lines when start-up fails and the process exits at once.
 */
function prettyStream(destination: DestinationStream | undefined, colorize: boolean): DestinationStream {
  // Loaded only for pretty lines (CommonJS, so synchronously): JSON logging, what services
  // run, does not pay the ~30 ms of CPU it takes at start-up.
  const pretty = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  return pretty({
    colorize,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,name',
    sync: true,
    ...(destination ? { destination } : { destination: 2 }),
  });
}

/** `isTTY` is undefined, not false, when stderr is a pipe or a file, whatever Node's types say. */
function stderrIsTerminal(): boolean {
  return (process.stderr.isTTY as boolean | undefined) === true;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s): s is string => typeof s === 'string' && s.length > 0);
  return pino(
    {
      level: options.level ?? 'info',
      base: { name: 'parley', ...options.base },
      redact: {
        paths: ['token', '*.token', 'config', '*.config', 'headers.authorization', '*.headers.authorization'],
        censor: REDACTED,
      },
      hooks: { streamWrite: (line) => scrub(line, secrets) },
    },
    usesPrettyLines(options.format, options.destination)
      ? prettyStream(options.destination, options.destination === undefined && stderrIsTerminal())
      : (options.destination ?? pino.destination({ fd: 2, sync: true })),
  );
}
