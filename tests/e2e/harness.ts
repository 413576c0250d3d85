/**
 * End-to-end harness: the real `npm start` entry (src/main.ts, run as `node --import tsx`, the
 * same module `tsx src/main.ts` loads) as a child process, logged in to the Discord stand-in on
 * 127.0.0.1. Tests drive it with interactions from the stand-in and judge it only by what the
 * stand-in captured (and by its log lines, which are JSON on stderr).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  startStandIn,
  type CapturedRequest,
  type InteractionHandle,
  type StandIn,
  type StandInOptions,
} from '../support/stand-in.js';
import { user, type UserPayload } from '../support/interactions.js';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/** One pino line (or `{ msg: <raw text> }` for anything that was not JSON). */
export interface LogLine {
  level?: number;
  msg?: string;
  [key: string]: unknown;
}

export interface Bot {
  child: ChildProcess;
  /** Everything the process wrote (stdout + stderr). */
  output(): string;
  /** Parsed log lines so far. */
  lines(): LogLine[];
  /** The first log line (past or future) matching `predicate`. */
  waitForLine(predicate: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** The "ready" line. */
  ready: LogLine;
  /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`); resolves with the exit code. */
  stop(graceMs?: number): Promise<number | null>;
}

/** Environment for the bot: every variable it reads set explicitly, so a developer's `.env` cannot leak in. */
export function botEnv(standIn: StandIn, env: Record<string, string> = {}): NodeJS.ProcessEnv {
  // discord.js reads these from the environment (set by its ShardingManager); present but empty
  // they would make it start with 0 shards.
  const sharding = new Set(['SHARD_COUNT', 'SHARDS', 'SHARD_LIST', 'SHARDING_MANAGER', 'SHARDING_MANAGER_MODE']);
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !sharding.has(name)));
  return {
    ...inherited,
    PARLEY_MODE: 'gateway',
    DISCORD_TOKEN: standIn.token,
    DISCORD_API_URL: standIn.apiUrl,
    DISCORD_CLIENT_ID: standIn.applicationId,
    DISCORD_GUILD_ID: '',
    DISCORD_PUBLIC_KEY: '',
    CORPUS_DIR: 'corpus',
    COOLDOWN_SECONDS: '0',
    LOG_LEVEL: 'debug',
    OWNER_IDS: '',
    CORPUS_WATCH: 'false',
    INDEX_CACHE_DIR: 'none',
    ...env,
  };
}

function parseLines(text: string): LogLine[] {
  const out: LogLine[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.length === 0) continue;
    try {
      const parsed = JSON.parse(line) as unknown;
      out.push(typeof parsed === 'object' && parsed !== null ? (parsed as LogLine) : { msg: line });
    } catch {
      out.push({ msg: line });
    }
  }
  return out;
}

/**
 * Starts `src/main.ts` against `standIn` and resolves once it logged "ready".
 *
 * @example
 * const bot = await startBot(standIn, { COOLDOWN_SECONDS: '30' });
 * // …
 * expect(await bot.stop()).toBe(0);
 */
export async function startBot(standIn: StandIn, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<Bot> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: botEnv(standIn, env),
  });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    text += chunk.toString();
    for (const listener of [...listeners]) listener();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = once(child, 'exit');

  const lines = (): LogLine[] => parseLines(text);
  const waitForLine: Bot['waitForLine'] = (predicate, waitMs = 10_000) => {
    const found = lines().find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const line = lines().find(predicate);
        if (!line) return;
        finish();
        resolve(line);
      };
      const onExit = (): void => {
        finish();
        reject(
          new Error(
            `the bot exited (${String(child.exitCode ?? child.signalCode)}) before the expected log line:\n${text}`,
          ),
        );
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`no matching log line within ${waitMs} ms:\n${text.slice(-4000)}`));
      }, waitMs);
      const finish = (): void => {
        clearTimeout(timer);
        listeners.delete(check);
        child.off('exit', onExit);
      };
      listeners.add(check);
      child.once('exit', onExit);
    });
  };

  let ready: LogLine;
  try {
    ready = await waitForLine((line) => line.msg === 'ready', timeoutMs);
  } catch (error) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw error;
  }

  const stop: Bot['stop'] = async (graceMs = 15_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      const [code] = (await exited) as [number | null];
      return code;
    } finally {
      clearTimeout(timer);
    }
  };
  return { child, output: () => text, lines, waitForLine, ready, stop };
}

/**
 * Starts the stand-in and the real bot before a suite file's tests and stops both after them,
 * expecting the bot to exit 0 on SIGTERM. `started` receives them once they are up.
 */
export function useStack(env: Record<string, string>, started: (stack: { standIn: StandIn; bot: Bot }) => void): void {
  let stack: { standIn: StandIn; bot: Bot } | undefined;
  beforeAll(async () => {
    stack = await startStack(env);
    started(stack);
  });
  afterAll(async () => {
    const code = await stack?.bot.stop();
    await stack?.standIn.close();
    expect(code, stack?.bot.output().slice(-2000)).toBe(0);
  });
}

/** A stand-in with short timers for tests, and the bot logged in to it. */
export async function startStack(
  env: Record<string, string> = {},
  options: StandInOptions = {},
): Promise<{ standIn: StandIn; bot: Bot }> {
  const standIn = await startStandIn({ heartbeatIntervalMs: 1_000, ...options });
  try {
    const bot = await startBot(standIn, env);
    return { standIn, bot };
  } catch (error) {
    await standIn.close();
    throw error;
  }
}

let nextUser = 1;
/** A member nobody else in the run uses (so one test's cooldown never meets another's). */
export function freshUser(name = 'member'): UserPayload {
  const n = nextUser++;
  return user({
    id: `11900000000000${String(process.pid % 1000).padStart(3, '0')}${String(n).padStart(2, '0')}`,
    username: `${name}${n}`,
  });
}

// ---------------------------------------------------------------------------------------------
// Reading what the bot sent

export interface Embed {
  title?: string;
  description?: string;
  url?: string;
  footer?: { text: string };
  author?: { name: string };
  fields?: { name: string; value: string; inline?: boolean }[];
}
export interface Button {
  type: number;
  style?: number;
  label?: string;
  custom_id?: string;
  url?: string;
}
export interface MessageBody {
  content?: string;
  embeds?: Embed[];
  components?: { type: number; components: Button[] }[];
  flags?: number;
  allowed_mentions?: { parse?: string[]; users?: string[]; roles?: string[]; replied_user?: boolean };
  choices?: { name: string; value: string | number }[];
}
export interface CallbackBody {
  type: number;
  data?: MessageBody;
}

/** The bot's first response to `handle`, checked to be accepted by the stand-in. */
export async function accepted(handle: InteractionHandle): Promise<CallbackBody> {
  const response = await handle.response();
  expect(response.error, `the stand-in rejected the response: ${JSON.stringify(response.error)}`).toBeUndefined();
  expect(response.status).toBeLessThan(300);
  return response.body as CallbackBody;
}

/** Every button of a message, in order. */
export function buttonsOf(data: MessageBody | undefined): Button[] {
  return (data?.components ?? []).flatMap((row) => row.components);
}

export function buttonLabelled(data: MessageBody | undefined, label: string | RegExp): Button {
  const found = buttonsOf(data).find((b) =>
    typeof label === 'string' ? b.label === label : label.test(b.label ?? ''),
  );
  if (!found?.custom_id)
    throw new Error(`no button labelled ${String(label)} among ${JSON.stringify(buttonsOf(data).map((b) => b.label))}`);
  return found;
}

/** The message object the stand-in holds for a responded interaction (what a later button press carries). */
export function messageOf(handle: InteractionHandle): Record<string, unknown> {
  const original = handle.original();
  if (!original) throw new Error(`interaction ${handle.id} has no message yet`);
  return original;
}

/** Requests that carry a message the bot sends (callbacks with data, webhook edits and follow-ups). */
export function replyBodies(captured: readonly CapturedRequest[]): { request: CapturedRequest; data: MessageBody }[] {
  const out: { request: CapturedRequest; data: MessageBody }[] = [];
  for (const request of captured) {
    if (request.route === 'POST /interactions/:id/:token/callback' || request.transport === 'http-response') {
      const body = request.body as CallbackBody | undefined;
      // 4 message, 7 update; 5/6 deferrals and 8 choices carry no message.
      if (body && (body.type === 4 || body.type === 7) && body.data) out.push({ request, data: body.data });
    } else if (request.route.startsWith('PATCH /webhooks/') || request.route.startsWith('POST /webhooks/')) {
      out.push({ request, data: request.body as MessageBody });
    }
  }
  return out;
}

/** Lines of the captured log for failures, to see what went wrong. */
export function describeRejected(captured: readonly CapturedRequest[]): string {
  return JSON.stringify(
    captured.filter((r) => r.status >= 400).map((r) => ({ route: r.route, status: r.status, error: r.error })),
    null,
    1,
  );
}

/** Runs `src/main.ts` expecting it to stop by itself (a start-up failure); resolves with its exit code and output. */
export async function runBotToExit(
  standIn: StandIn,
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: botEnv(standIn, env),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const [code] = (await once(child, 'exit')) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}
