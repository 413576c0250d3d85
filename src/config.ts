/**
 * Configuration from the environment (and `.env`), validated once into a typed object. A missing
 * or malformed variable yields ONE line naming it and saying how to get it; nothing else starts.
 * The token never appears in a message, and `Config.token` is not enumerable, so logging or
 * serialising a config object cannot leak it.
 */
import { readFileSync } from 'node:fs';
import { config as loadDotenv, parse as parseDotenv } from 'dotenv';
import { z } from 'zod';

/**
 * `gateway` and `http` talk to Discord; `preview` runs Parley against the embedded Discord with a
 * local page (what `npm start` does with no token and no PARLEY_MODE).
 */
export type Mode = 'gateway' | 'http' | 'preview';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['auto', 'pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface Config {
  /** `gateway` (discord.js websocket), `http` (Interactions Endpoint URL) or `preview` (local page). */
  readonly mode: Mode;
  /** Preview mode: port of the local page on 127.0.0.1. */
  readonly previewPort: number;
  /** `pretty` (one coloured line per event), `json`, or `auto`: pretty on a terminal, else JSON. */
  readonly logFormat: LogFormat;
  /** Bot token; not enumerable (never serialised). Required in gateway mode and for deploying. */
  readonly token?: string;
  /** Application (client) id; required for deploying commands. */
  readonly clientId?: string;
  /** Register commands in this guild only (instant), else globally. */
  readonly guildId?: string;
  readonly corpusDir: string;
  readonly cooldownSeconds: number;
  readonly logLevel: LogLevel;
  /** Base of the Discord REST API (e.g. a `@discordjs/proxy`), without `/v10`. */
  readonly apiUrl?: string;
  /** HTTP mode: port of the interactions endpoint. */
  readonly port: number;
  /** HTTP mode: address to listen on (e.g. 127.0.0.1 behind a reverse proxy); undefined = every interface. */
  readonly host?: string;
  /** HTTP mode: the application's Ed25519 public key (64 hex characters). */
  readonly publicKey?: string;
  /** Users allowed to run owner-only commands (`/reload`). */
  readonly ownerIds: readonly string[];
  /** Rebuild the index by itself when files in the corpus folder change. */
  readonly watchCorpus: boolean;
  /** Corpus files larger than this are skipped with a warning. */
  readonly maxFileBytes: number;
  /** Folder of the on-disk index cache (start-up loads it instead of rebuilding); undefined = no cache. */
  readonly cacheDir?: string;
  /** Most files and folders the corpus folder may hold before it is refused. */
  readonly maxFiles: number;
  /** Read files reached through links that lead outside the corpus folder. */
  readonly followLinksOutside: boolean;
  /** Time one file may take to parse before it is skipped, in milliseconds. */
  readonly parseBudgetMs: number;
  /** Gateway mode: port of `/healthz` and `/metrics` (opt-in); undefined = none. HTTP mode serves them on `port`. */
  readonly metricsPort?: number;
  /** Address of `metricsPort` (default 127.0.0.1). */
  readonly metricsHost: string;
  /** HTTP mode: most open connections in all. */
  readonly maxConnections: number;
  /** HTTP mode: most open connections from one address (a reverse proxy is one address). */
  readonly maxConnectionsPerAddress: number;
  /** HTTP mode: idle keep-alive connections are closed after this long (ms). */
  readonly keepAliveTimeoutMs: number;
}

/**
 * What the configuration is for: each needs different variables. `corpus` (`npm run ask`,
 * `npm run validate-corpus`) needs none beyond the corpus settings, which all have defaults.
 */
export type Purpose = 'start' | 'deploy' | 'deploy-dry-run' | 'corpus';

export type ConfigResult =
  | {
      readonly ok: true;
      readonly config: Config;
      /** Lines worth a warning, e.g. a variable set twice in `.env`. */ readonly warnings?: readonly string[];
    }
  | { readonly ok: false; readonly error: string; readonly warnings?: readonly string[] };

const PORTAL = 'https://discord.com/developers/applications';
const SNOWFLAKE = /^\d{17,20}$/;

/** How to get each variable, appended to its error line. */
export const HINTS = {
  DISCORD_TOKEN: `copy it from ${PORTAL} → your app → Bot → Reset Token, into .env (cp .env.example .env first; or leave PARLEY_MODE and the token unset for the local preview)`,
  DISCORD_CLIENT_ID: `copy the Application ID from ${PORTAL} → your app → General Information, into .env`,
  DISCORD_GUILD_ID:
    'turn on Developer Mode (User Settings → Advanced), right-click your server → Copy Server ID; or leave it empty to register globally',
  DISCORD_PUBLIC_KEY: `copy the Public Key from ${PORTAL} → your app → General Information, into .env`,
  DISCORD_API_URL: 'use a full http(s) URL such as http://127.0.0.1:8080/api, or leave it empty for discord.com',
  PARLEY_MODE: 'use gateway (default with a token), http, or preview (default without a token)',
  PREVIEW_PORT: 'use a port number from 1 to 65535 for the local preview page (default 3000)',
  LOG_FORMAT: `use one of ${LOG_FORMATS.join(', ')} (auto: coloured lines on a terminal, JSON otherwise)`,
  CORPUS_DIR: 'the folder with your documents (default: corpus)',
  COOLDOWN_SECONDS: 'use a whole number of seconds from 0 (off) to 3600',
  LOG_LEVEL: `use one of ${LOG_LEVELS.join(', ')}`,
  PORT: 'use a port number from 1 to 65535',
  HOST: 'use an IP address or host name to listen on, such as 127.0.0.1 (or leave it empty for every interface)',
  OWNER_IDS: 'use Discord user ids separated by commas (right-click a user → Copy User ID)',
  CORPUS_WATCH: 'use true (default: reload when files change) or false',
  CORPUS_MAX_FILE_MB: 'use a size in megabytes from 0.001 to 1024 (default 5)',
  INDEX_CACHE_DIR: 'a folder for the index cache (default .cache), or none to turn the cache off',
  CORPUS_MAX_FILES: 'use a whole number of files from 1 to 10000000 (default 50000)',
  CORPUS_LINKS_OUTSIDE: 'use false (default: links leading outside CORPUS_DIR are skipped) or true',
  CORPUS_PARSE_TIMEOUT: 'use a number of seconds from 0.01 to 3600 (default 20) one file may take to parse',
  METRICS_PORT:
    'use a port number from 1 to 65535 for /healthz and /metrics in gateway mode, or leave it empty for none',
  METRICS_HOST: 'use an IP address to serve /healthz and /metrics on (default 127.0.0.1)',
  HTTP_MAX_CONNECTIONS: 'use a whole number from 1 to 1000000 (default 1000), below the open-files limit (LimitNOFILE)',
  HTTP_MAX_CONNECTIONS_PER_ADDRESS:
    'use a whole number from 1 to 1000000 (default 256); behind a proxy, above its connection pool',
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS:
    "use a number of seconds from 1 to 3600 (default 65), a little above your proxy's idle timeout",
} as const;

type Variable = keyof typeof HINTS;

/** What the `corpus` purpose reads; every other variable keeps its default there. */
const CORPUS_VARIABLES: ReadonlySet<Variable> = new Set<Variable>([
  'CORPUS_DIR',
  'CORPUS_MAX_FILE_MB',
  'CORPUS_MAX_FILES',
  'CORPUS_LINKS_OUTSIDE',
  'CORPUS_PARSE_TIMEOUT',
  'INDEX_CACHE_DIR',
  'LOG_LEVEL',
  'LOG_FORMAT',
]);

const snowflake = z.string().regex(SNOWFLAKE);
// Three dot-separated base64url parts, as Discord issues them.
const tokenShape = z.string().regex(/^[\w-]{16,}\.[\w-]{4,}\.[\w-]{20,}$/);
const schemas = {
  PARLEY_MODE: z.enum(['gateway', 'http', 'preview']).optional(),
  PREVIEW_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  LOG_FORMAT: z.enum(LOG_FORMATS).default('auto'),
  DISCORD_TOKEN: tokenShape.optional(),
  DISCORD_CLIENT_ID: snowflake.optional(),
  DISCORD_GUILD_ID: snowflake.optional(),
  DISCORD_PUBLIC_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/)
    .optional(),
  DISCORD_API_URL: z.url({ protocol: /^https?$/ }).optional(),
  CORPUS_DIR: z.string().min(1).default('corpus'),
  COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3600).default(3),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z
    .string()
    .regex(/^[\w.:[\]-]+$/)
    .optional(),
  OWNER_IDS: z.string().optional(),
  CORPUS_WATCH: z.enum(['true', 'false', '1', '0', 'yes', 'no']).default('true'),
  CORPUS_MAX_FILE_MB: z.coerce.number().min(0.001).max(1024).default(5),
  INDEX_CACHE_DIR: z.string().min(1).default('.cache'),
  CORPUS_MAX_FILES: z.coerce.number().int().min(1).max(10_000_000).default(50_000),
  CORPUS_LINKS_OUTSIDE: z.enum(['true', 'false', '1', '0', 'yes', 'no']).default('false'),
  CORPUS_PARSE_TIMEOUT: z.coerce.number().min(0.01).max(3600).default(20),
  METRICS_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  METRICS_HOST: z
    .string()
    .regex(/^[\w.:[\]-]+$/)
    .default('127.0.0.1'),
  HTTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  HTTP_MAX_CONNECTIONS_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(256),
  HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: z.coerce.number().min(1).max(3600).default(65),
} satisfies Record<Variable, z.ZodType>;

/** One line for a bad value; never repeats a secret's value. */
function invalid(name: Variable, value: string): string {
  const secret = name === 'DISCORD_TOKEN';
  if (secret && /^bot\s/i.test(value))
    return `DISCORD_TOKEN starts with "Bot ": put only the token itself in .env (${HINTS[name]})`;
  const shown = secret ? '' : ` ("${value.length > 60 ? `${value.slice(0, 60)}…` : value}")`;
  const what =
    name === 'DISCORD_CLIENT_ID' || name === 'DISCORD_GUILD_ID'
      ? 'is not a Discord id (17–20 digits)'
      : name === 'DISCORD_TOKEN'
        ? 'does not look like a bot token'
        : name === 'DISCORD_PUBLIC_KEY'
          ? 'is not 64 hex characters'
          : 'is not valid';
  return `${name} ${what}${shown}: ${HINTS[name]}`;
}

const missing = (name: Variable, why: string) => `${name} is not set${why}: ${HINTS[name]}`;

/**
 * Validates an environment into a {@link Config}, or one line saying what to fix.
 *
 * @example
 * const result = readConfig(process.env, 'start');
 * if (!result.ok) { console.error(result.error); process.exit(1); }
 */
export function readConfig(
  env: Readonly<Record<string, string | undefined>>,
  purpose: Purpose = 'start',
): ConfigResult {
  const values: Partial<Record<Variable, unknown>> = {};
  for (const name of Object.keys(schemas) as Variable[]) {
    const rawValue = env[name]?.trim();
    // Reading a corpus needs no Discord settings: a stale token in .env must not stop `npm run ask`.
    const ignored = purpose === 'corpus' && !CORPUS_VARIABLES.has(name);
    const raw = rawValue === '' || ignored ? undefined : rawValue;
    const parsed = schemas[name].safeParse(raw);
    if (!parsed.success) return { ok: false, error: invalid(name, raw ?? '') };
    values[name] = parsed.data;
  }
  const token = values.DISCORD_TOKEN as string | undefined;
  // No token and no explicit mode: the local preview. An explicit mode (as .env.example and every
  // production recipe set) never falls back to it, so a misconfigured server does not start one.
  const mode = (values.PARLEY_MODE as Mode | undefined) ?? (token ? 'gateway' : 'preview');
  const ownerIds = ((values.OWNER_IDS as string | undefined) ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
  const badOwner = ownerIds.find((id) => !SNOWFLAKE.test(id));
  if (badOwner !== undefined) return { ok: false, error: invalid('OWNER_IDS', badOwner) };

  if (purpose === 'deploy') {
    if (!token) return { ok: false, error: missing('DISCORD_TOKEN', ' (needed to register commands)') };
    if (!values.DISCORD_CLIENT_ID)
      return { ok: false, error: missing('DISCORD_CLIENT_ID', ' (needed to register commands)') };
  }
  if (purpose === 'start') {
    if (mode === 'gateway' && !token) return { ok: false, error: missing('DISCORD_TOKEN', '') };
    if (mode === 'http' && !values.DISCORD_PUBLIC_KEY) {
      return { ok: false, error: missing('DISCORD_PUBLIC_KEY', ' (needed in http mode to verify requests)') };
    }
  }

  const config = {
    mode,
    previewPort: values.PREVIEW_PORT as number,
    logFormat: values.LOG_FORMAT as LogFormat,
    ...(values.DISCORD_CLIENT_ID ? { clientId: values.DISCORD_CLIENT_ID as string } : {}),
    ...(values.DISCORD_GUILD_ID ? { guildId: values.DISCORD_GUILD_ID as string } : {}),
    corpusDir: values.CORPUS_DIR as string,
    cooldownSeconds: values.COOLDOWN_SECONDS as number,
    logLevel: values.LOG_LEVEL as LogLevel,
    ...(values.DISCORD_API_URL ? { apiUrl: (values.DISCORD_API_URL as string).replace(/(?<!\/)\/+$/, '') } : {}),
    port: values.PORT as number,
    ...(values.HOST ? { host: values.HOST as string } : {}),
    ...(values.DISCORD_PUBLIC_KEY ? { publicKey: (values.DISCORD_PUBLIC_KEY as string).toLowerCase() } : {}),
    ownerIds,
    watchCorpus: ['true', '1', 'yes'].includes(values.CORPUS_WATCH as string),
    maxFileBytes: Math.round((values.CORPUS_MAX_FILE_MB as number) * 1024 * 1024),
    ...(values.INDEX_CACHE_DIR !== 'none' ? { cacheDir: values.INDEX_CACHE_DIR as string } : {}),
    maxFiles: values.CORPUS_MAX_FILES as number,
    followLinksOutside: ['true', '1', 'yes'].includes(values.CORPUS_LINKS_OUTSIDE as string),
    parseBudgetMs: Math.round((values.CORPUS_PARSE_TIMEOUT as number) * 1000),
    ...(values.METRICS_PORT !== undefined ? { metricsPort: values.METRICS_PORT as number } : {}),
    metricsHost: values.METRICS_HOST as string,
    maxConnections: values.HTTP_MAX_CONNECTIONS as number,
    maxConnectionsPerAddress: values.HTTP_MAX_CONNECTIONS_PER_ADDRESS as number,
    keepAliveTimeoutMs: Math.round((values.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS as number) * 1000),
  };
  if (token) Object.defineProperty(config, 'token', { value: token, enumerable: false });
  return { ok: true, config: Object.freeze(config) };
}

/**
 * Variables a `.env` text sets more than once, as one warning line each naming the lines: dotenv
 * keeps the last, so values pasted at the top of a copied `.env.example` are silently lost to
 * its empty lines further down.
 *
 * @example
 * duplicateVariables('DISCORD_TOKEN=abc\nDISCORD_TOKEN=\n'); // → ['.env sets DISCORD_TOKEN on lines 1 and 2; line 2 (empty) wins']
 */
export function duplicateVariables(text: string, file = '.env'): string[] {
  const lines = new Map<string, number[]>();
  text.split(/\r?\n/).forEach((line, i) => {
    const name = /^\s*(?:export\s+)?([\w.-]+)\s*=/.exec(line)?.[1];
    if (name) lines.set(name, [...(lines.get(name) ?? []), i + 1]);
  });
  const all = text.split(/\r?\n/);
  const out: string[] = [];
  for (const [name, at] of lines) {
    if (at.length < 2) continue;
    const last = at.at(-1) ?? 0;
    const value = parseDotenv(all[last - 1] ?? '')[name] ?? '';
    const listed = `${at.slice(0, -1).join(', ')} and ${last}`;
    out.push(
      `${file} sets ${name} on lines ${listed}; line ${last}${value.trim() === '' ? ' (empty)' : ''} wins — delete the other${at.length > 2 ? 's' : ''}`,
    );
  }
  return out;
}

/** Reads `.env` (quietly; real environment variables win) and validates. */
export function loadConfig(purpose: Purpose = 'start', path?: string): ConfigResult {
  loadDotenv({ quiet: true, ...(path ? { path } : {}) });
  let text: string | undefined;
  const unreadable: string[] = [];
  try {
    text = readFileSync(path ?? '.env', 'utf8');
  } catch (error) {
    // No .env is the usual case (real environment variables only): nothing to warn about.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT')
      unreadable.push(
        `${path ?? '.env'} could not be read (${code ?? (error as Error).message}); its variables were not loaded`,
      );
  }
  const result = readConfig(process.env, purpose);
  const warnings = [...unreadable, ...(text === undefined ? [] : duplicateVariables(text, path ?? '.env'))];
  return warnings.length > 0 ? { ...result, warnings } : result;
}
