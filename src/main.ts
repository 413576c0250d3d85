/**
 * `npm start`: config → engine (corpus → index, watched) → router → gateway (or the HTTP endpoint), then one
 * "ready" line. Every failure before that is one clear line on stderr and a non-zero exit; after
 * it, nothing a member does can stop the process.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from './config.js';
import { startGateway } from './discord/gateway.js';
import { serveHttp } from './discord/http.js';
import { createRouter, type Router } from './discord/router.js';
import { createWebhookEditor } from './discord/webhook.js';
import { Engine } from './engine/engine.js';
import { createLogger, type Logger } from './log.js';
import type { Searcher } from './types.js';
import { VERSION } from './version.js';

/** A start-up failure: printed as one line, exit code 1. */
export class StartupError extends Error {}

export interface Parley {
  readonly config: Config;
  readonly logger: Logger;
  readonly router: Router;
  /** The index currently served (hot reload swaps what this returns). */
  readonly getSearcher: () => Searcher;
  /** Stops taking interactions, finishes those in flight (bounded), closes connections. */
  stop(): Promise<void>;
}

/**
 * One throwaway question before the first member's: lazy parts of the index (e.g. WordNet) load
 * now rather than inside someone's 3-second window.
 */
function warmUp(searcher: Searcher, logger: Logger): void {
  const started = performance.now();
  try {
    searcher.ask(searcher.corpus.passages[0]?.text.split(/\s+/).slice(0, 8).join(' ') ?? 'warm up');
  } catch (error) {
    logger.warn({ err: error }, 'warm-up question failed');
  }
  logger.debug({ ms: Math.round(performance.now() - started) }, 'warm-up question');
}

interface Core {
  readonly engine: Engine;
  readonly router: Router;
  readonly getSearcher: () => Searcher;
  /** Owner-only commands: OWNER_IDS, plus the application's owner once the gateway can ask Discord. */
  readonly owners: string[];
  readonly passages: () => number;
}

/** Corpus → index (watched) → router: what both modes serve. */
async function startCore(config: Config, logger: Logger, options: { startInWorker?: boolean } = {}): Promise<Core> {
  // The engine owns the index: it rebuilds in the background when the corpus changes and swaps
  // the new index in whole; the router reads it per interaction through the getter.
  const started = await Engine.start({
    corpusDir: config.corpusDir,
    load: { maxFileBytes: config.maxFileBytes, maxFiles: config.maxFiles, followLinksOutside: config.followLinksOutside },
    parseBudgetMs: config.parseBudgetMs,
    ...(config.cacheDir ? { cacheDir: config.cacheDir } : {}),
    ...(options.startInWorker ? { startInWorker: true } : {}),
    logger,
  });
  if (started.kind === 'no-document') throw new StartupError(started.message);
  const { engine } = started;
  if (config.watchCorpus) engine.watch();
  warmUp(engine.current, logger);
  const getSearcher = (): Searcher => engine.current;
  const owners: string[] = [...config.ownerIds];
  const router = createRouter({
    getSearcher,
    logger,
    version: VERSION,
    settings: { cooldownSeconds: config.cooldownSeconds, ownerIds: owners },
    reload: () => engine.reload({ force: true }),
  });
  return { engine, router, getSearcher, owners, passages: () => engine.current.corpus.passages.length };
}

/**
 * HTTP mode listens before the index is loaded, so Discord's PING and the load balancer's
 * /healthz (503 until ready) are answered during a long start; the index is built in a worker
 * so the event loop stays free meanwhile.
 */
async function startHttp(config: Config, logger: Logger, startedAt: number): Promise<Parley> {
  const core = startCore(config, logger, { startInWorker: true });
  const http = await serveHttp({
    publicKey: config.publicKey ?? '',
    port: config.port,
    ...(config.host ? { host: config.host } : {}),
    // A failed start is reported once, below, as the start-up error; the endpoint just closes.
    ready: core.then(({ router, passages }) => ({ router, passages }), () => new Promise<never>(() => {})),
    followUps: createWebhookEditor(config.apiUrl ? { api: config.apiUrl } : {}),
    logger,
  });
  let ready: Core;
  try {
    ready = await core;
  } catch (error) {
    await http.close();
    throw error;
  }
  logReady(logger, ready, startedAt, { mode: 'http', url: http.url });
  return running(config, logger, ready, () => http.close());
}

/** The one "ready" line of either mode. */
function logReady(logger: Logger, core: Core, startedAt: number, fields: Record<string, unknown>): void {
  logger.info({ ...fields, passages: core.passages(), startupMs: Math.round(performance.now() - startedAt), version: VERSION }, 'ready');
}

/** A started Parley: stopping closes the engine (watcher, worker), then the transport. */
function running(config: Config, logger: Logger, core: Core, stopTransport: () => Promise<void>): Parley {
  return {
    config,
    logger,
    router: core.router,
    getSearcher: core.getSearcher,
    stop: async () => {
      core.engine.close();
      await stopTransport();
    },
  };
}

/**
 * Starts Parley in the configured mode.
 *
 * @example
 * const parley = await startParley(config, createLogger({ secrets: [config.token ?? ''] }));
 * process.once('SIGTERM', () => void parley.stop());
 */
export async function startParley(config: Config, logger: Logger, startedAt = performance.now()): Promise<Parley> {
  if (config.mode === 'http') return startHttp(config, logger, startedAt);
  // Checked before the engine starts, so a missing token leaves no watcher behind.
  if (!config.token) throw new StartupError('DISCORD_TOKEN is not set');
  const core = await startCore(config, logger);
  const { engine, router, owners } = core;
  let gateway;
  try {
    gateway = await startGateway({
      token: config.token,
      router,
      logger,
      ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
    });
  } catch (error) {
    engine.close();
    const code = (error as { code?: unknown }).code;
    if (code === 'TokenInvalid' || /invalid token|401|4004/i.test(String((error as Error).message))) {
      throw new StartupError(
        'Discord refused DISCORD_TOKEN: copy a fresh one from https://discord.com/developers/applications → your app → Bot → Reset Token, into .env',
      );
    }
    throw new StartupError(`Could not connect to Discord: ${(error as Error).message}`);
  }
  const client = gateway.client;
  void gateway.ready
    .then(() => client.application?.fetch())
    .then((application) => {
      const owner = application?.owner;
      const ids = !owner ? [] : 'members' in owner ? [...owner.members.keys()] : [owner.id];
      for (const id of ids) if (!owners.includes(id)) owners.push(id);
      logger.debug({ owners }, 'owner-only commands allowed for');
    })
    .catch((error: unknown) => logger.warn({ err: error }, 'could not read the application owner (OWNER_IDS still apply)'));
  void gateway.ready.then(({ userTag, guilds }) => logReady(logger, core, startedAt, { mode: 'gateway', user: userTag, guilds }));
  return running(config, logger, core, () => gateway.stop());
}

/** The `npm start` entry point: returns the exit code for start-up failures. */
export async function main(): Promise<void> {
  const startedAt = performance.now();
  const result = loadConfig('start');
  if (!result.ok) {
    process.stderr.write(`parley: ${result.error}\n`);
    process.exitCode = 1;
    return;
  }
  const config = result.config;
  const logger = createLogger({ level: config.logLevel, secrets: config.token ? [config.token] : [] });
  // A handler error is already answered and logged by the router; anything that escapes it is
  // logged here instead of taking the bot down for everyone.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  process.on('uncaughtException', (error) => logger.error({ err: error }, 'uncaught exception'));

  let parley: Parley;
  try {
    parley = await startParley(config, logger, startedAt);
  } catch (error) {
    if (error instanceof StartupError) {
      logger.flush?.();
      process.stderr.write(`parley: ${error.message}\n`);
    } else logger.fatal({ err: error }, 'start-up failed');
    process.exit(1);
  }
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    parley.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
