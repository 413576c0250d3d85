/**
 * Configuration from the environment (and `.env`), validated once into a typed object. A missing
 * or malformed variable yields ONE line naming it and saying how to get it; nothing else starts.
 * The token never appears in a message, and `Config.token` is not enumerable, so logging or
 * serialising a config object cannot leak it.
 */
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

export type Mode = 'gateway' | 'http';
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface Config {
  /** `gateway` (discord.js websocket) or `http` (Interactions Endpoint URL). */
  readonly mode: Mode;
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
}

/** What the configuration is for: each needs different variables. */
export type Purpose = 'start' | 'deploy' | 'deploy-dry-run';

export type ConfigResult = { readonly ok: true; readonly config: Config } | { readonly ok: false; readonly error: string };

const PORTAL = 'https://discord.com/developers/applications';
const SNOWFLAKE = /^\d{17,20}$/;

/** How to get each variable, appended to its error line. */
export const HINTS = {
  DISCORD_TOKEN: `copy it from ${PORTAL} → your app → Bot → Reset Token, into .env`,
  DISCORD_CLIENT_ID: `copy the Application ID from ${PORTAL} → your app → General Information, into .env`,
  DISCORD_GUILD_ID:
    'turn on Developer Mode (User Settings → Advanced), right-click your server → Copy Server ID; or leave it empty to register globally',
  DISCORD_PUBLIC_KEY: `copy the Public Key from ${PORTAL} → your app → General Information, into .env`,
  DISCORD_API_URL: 'use a full http(s) URL such as http://127.0.0.1:8080/api, or leave it empty for discord.com',
  PARLEY_MODE: 'use gateway (default) or http',
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
} as const;

type Variable = keyof typeof HINTS;

const snowflake = z.string().regex(SNOWFLAKE);
// Three dot-separated base64url parts, as Discord issues them.
const tokenShape = z.string().regex(/^[\w-]{16,}\.[\w-]{4,}\.[\w-]{20,}$/);
const schemas = {
  PARLEY_MODE: z.enum(['gateway', 'http']).default('gateway'),
  DISCORD_TOKEN: tokenShape.optional(),
  DISCORD_CLIENT_ID: snowflake.optional(),
  DISCORD_GUILD_ID: snowflake.optional(),
  DISCORD_PUBLIC_KEY: z.string().regex(/^[0-9a-fA-F]{64}$/).optional(),
  DISCORD_API_URL: z
    .url({ protocol: /^https?$/ })
    .optional(),
  CORPUS_DIR: z.string().min(1).default('corpus'),
  COOLDOWN_SECONDS: z.coerce.number().int().min(0).max(3600).default(3),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  HOST: z.string().regex(/^[\w.:[\]-]+$/).optional(),
  OWNER_IDS: z.string().optional(),
  CORPUS_WATCH: z.enum(['true', 'false', '1', '0', 'yes', 'no']).default('true'),
  CORPUS_MAX_FILE_MB: z.coerce.number().min(0.001).max(1024).default(5),
  INDEX_CACHE_DIR: z.string().min(1).default('.cache'),
  CORPUS_MAX_FILES: z.coerce.number().int().min(1).max(10_000_000).default(50_000),
  CORPUS_LINKS_OUTSIDE: z.enum(['true', 'false', '1', '0', 'yes', 'no']).default('false'),
  CORPUS_PARSE_TIMEOUT: z.coerce.number().min(0.01).max(3600).default(20),
} satisfies Record<Variable, z.ZodType>;

/** One line for a bad value; never repeats a secret's value. */
function invalid(name: Variable, value: string): string {
  const secret = name === 'DISCORD_TOKEN';
  if (secret && /^bot\s/i.test(value)) return `DISCORD_TOKEN starts with "Bot ": put only the token itself in .env (${HINTS[name]})`;
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
export function readConfig(env: Readonly<Record<string, string | undefined>>, purpose: Purpose = 'start'): ConfigResult {
  const values: Partial<Record<Variable, unknown>> = {};
  for (const name of Object.keys(schemas) as Variable[]) {
    const rawValue = env[name]?.trim();
    const raw = rawValue === '' ? undefined : rawValue;
    const parsed = schemas[name].safeParse(raw);
    if (!parsed.success) return { ok: false, error: invalid(name, raw ?? '') };
    values[name] = parsed.data;
  }
  const mode = values.PARLEY_MODE as Mode;
  const ownerIds = String(values.OWNER_IDS ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id.length > 0);
  const badOwner = ownerIds.find((id) => !SNOWFLAKE.test(id));
  if (badOwner !== undefined) return { ok: false, error: invalid('OWNER_IDS', badOwner) };

  const token = values.DISCORD_TOKEN as string | undefined;
  if (purpose === 'deploy') {
    if (!token) return { ok: false, error: missing('DISCORD_TOKEN', ' (needed to register commands)') };
    if (!values.DISCORD_CLIENT_ID) return { ok: false, error: missing('DISCORD_CLIENT_ID', ' (needed to register commands)') };
  }
  if (purpose === 'start') {
    if (mode === 'gateway' && !token) return { ok: false, error: missing('DISCORD_TOKEN', '') };
    if (mode === 'http' && !values.DISCORD_PUBLIC_KEY) {
      return { ok: false, error: missing('DISCORD_PUBLIC_KEY', ' (needed in http mode to verify requests)') };
    }
  }

  const config = {
    mode,
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
  };
  if (token) Object.defineProperty(config, 'token', { value: token, enumerable: false });
  return { ok: true, config: Object.freeze(config) as Config };
}

/** Reads `.env` (quietly; real environment variables win) and validates. */
export function loadConfig(purpose: Purpose = 'start', path?: string): ConfigResult {
  loadDotenv({ quiet: true, ...(path ? { path } : {}) });
  return readConfig(process.env, purpose);
}
