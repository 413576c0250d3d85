/**
 * `npm start`: config → engine (corpus → index, watched) → router → gateway (or the HTTP endpoint), then one
 * "ready" line. Every failure before that is one clear line on stderr and a non-zero exit; after
 * it, nothing a member does can stop the process.
 *
 * Signals: SIGTERM and SIGINT drain and exit (within {@link SHUTDOWN_DEADLINE_MS}); SIGHUP reloads
 * the corpus; SIGUSR2 is ignored (logged), so a stray `kill -USR2` cannot take the bot down.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadConfig, type Config } from './config.js';
import { serveHttp } from './discord/http.js';
import { createRouter, type Router } from './discord/router.js';
import { createWebhookEditor } from './discord/webhook.js';
import { Engine } from './engine/engine.js';
import { engineOptions } from './engine/from-config.js';
import { createLogger, type Logger } from './log.js';
import { createMetrics, type Metrics } from './metrics.js';
import { serveStatus, type StatusServer } from './status-server.js';
import type { Searcher } from './types.js';
import { VERSION } from './version.js';
import { allCommands } from '../commands/index.js';

/**
 * After SIGTERM the process exits within this long whatever is still pending: above the HTTP
 * endpoint's 10 s drain, below systemd's `TimeoutStopSec=15` and Kubernetes' 30 s grace period.
 */
export const SHUTDOWN_DEADLINE_MS = 12_000;

/** A start-up failure: printed as one line, exit code 1. */
export class StartupError extends Error {}

export interface Parley {
  readonly config: Config;
  readonly logger: Logger;
  readonly router: Router;
  /** The index currently served (hot reload swaps what this returns). */
  readonly getSearcher: () => Searcher;
  readonly metrics: Metrics;
  /** Re-reads the corpus folder and swaps the new index in (SIGHUP); resolves with the outcome's message. */
  reload(): Promise<string>;
  /** Stops taking interactions, finishes those in flight (bounded), closes connections. */
  stop(): Promise<void>;
}

/**
 * Warms the index up after `ready`, in slices with the event loop free in between: `ready` does
 * not wait for it and an interaction arriving meanwhile is answered at once (paying itself for
 * what it reads first; docs/DEPLOYING.md gives the figures). Once done, questions are fast.
 */
function warmInBackground(searcher: Searcher, logger: Logger, signal: AbortSignal): void {
  if (!searcher.warmUp) return;
  const warmUp = searcher.warmUp.bind(searcher);
  setImmediate(() => {
    const started = performance.now();
    warmUp({ signal }).then(
      () => logger.debug({ ms: Math.round(performance.now() - started), stopped: signal.aborted }, 'index warmed up'),
      (error: unknown) => logger.warn({ err: error }, 'warming the index up failed (questions are still answered)'),
    );
  });
}

interface Core {
  readonly engine: Engine;
  readonly router: Router;
  readonly getSearcher: () => Searcher;
  /** Owner-only commands: OWNER_IDS, plus the application's owner once the gateway can ask Discord. */
  readonly owners: string[];
  readonly passages: () => number;
  /**
   * What waits until after `ready`: loading prom-client (what was reported meanwhile is kept),
   * then warming the served index up in the background (`stop()` aborts it).
   */
  readonly afterReady: () => void;
  readonly warming: AbortController;
}

/** Corpus → index (watched) → router: what both modes serve. */
async function startCore(
  config: Config,
  logger: Logger,
  metrics: Metrics,
  options: { startInWorker?: boolean } = {},
): Promise<Core> {
  // The engine owns the index: it rebuilds in the background when the corpus changes and swaps
  // the new index in whole; the router reads it per interaction through the getter.
  const started = await Engine.start({
    ...engineOptions(config),
    ...(options.startInWorker ? { startInWorker: true } : {}),
    logger,
  });
  if (started.kind === 'no-document') throw new StartupError(started.message);
  const { engine } = started;
  metrics.indexLoaded(engine.current.corpus.passages.length);
  const warming = new AbortController();
  engine.onReload((outcome) => {
    metrics.reload({ kind: outcome.kind, passages: engine.current.corpus.passages.length });
    if (outcome.kind === 'reloaded') warmInBackground(engine.current, logger, warming.signal);
  });
  if (config.watchCorpus) engine.watch();
  const getSearcher = (): Searcher => engine.current;
  const owners: string[] = [...config.ownerIds];
  const router = createRouter({
    getSearcher,
    commands: allCommands,
    logger,
    version: VERSION,
    settings: { cooldownSeconds: config.cooldownSeconds, ownerIds: owners },
    reload: () => engine.reload({ force: true }),
    onInteraction: (event) => metrics.interaction(event),
  });
  return {
    engine,
    router,
    getSearcher,
    owners,
    passages: () => engine.current.corpus.passages.length,
    afterReady: () =>
      setImmediate(() => {
        metrics.load();
        warmInBackground(engine.current, logger, warming.signal);
      }),
    warming,
  };
}

/**
 * HTTP mode listens before the index is loaded, so Discord's PING and the load balancer's
 * /healthz (503 until ready) are answered during a long start; the index is built in a worker
 * so the event loop stays free meanwhile.
 */
async function startHttp(config: Config, logger: Logger, metrics: Metrics): Promise<Parley> {
  const core = startCore(config, logger, metrics, { startInWorker: true });
  const http = await serveHttp({
    publicKey: config.publicKey ?? '',
    port: config.port,
    ...(config.host ? { host: config.host } : {}),
    // A failed start is reported once, below, as the start-up error; the endpoint just closes.
    ready: core.then(
      ({ router, passages }) => ({ router, passages }),
      () => new Promise<never>(() => {}),
    ),
    followUps: createWebhookEditor(config.apiUrl ? { api: config.apiUrl } : {}),
    logger,
    metrics,
    limits: {
      maxConnections: config.maxConnections,
      maxConnectionsPerAddress: config.maxConnectionsPerAddress,
      keepAliveTimeoutMs: config.keepAliveTimeoutMs,
    },
  });
  let ready: Core;
  try {
    ready = await core;
  } catch (error) {
    await http.close();
    throw error;
  }
  logReady(logger, ready, { mode: 'http', url: http.url });
  return running(config, logger, ready, metrics, () => http.close());
}

/**
 * The one "ready" line of every mode: the index is loaded and answers (and in gateway mode the
 * shard is connected). `startupMs` counts from the process's own start (`process.uptime()`), so
 * module loading is included: it is what a supervisor waits. The warm-up starts after it.
 */
function logReady(logger: Logger, core: Core, fields: Record<string, unknown>): void {
  const startupMs = Math.round(process.uptime() * 1000);
  logger.info({ ...fields, passages: core.passages(), startupMs, pid: process.pid, version: VERSION }, 'ready');
  core.afterReady();
}

/** A started Parley: stopping closes the engine (watcher, worker), then the transport. */
function running(
  config: Config,
  logger: Logger,
  core: Core,
  metrics: Metrics,
  stopTransport: () => Promise<void>,
): Parley {
  return {
    config,
    logger,
    router: core.router,
    getSearcher: core.getSearcher,
    metrics,
    reload: async () => (await core.engine.reload({ force: true })).message,
    stop: async () => {
      core.warming.abort();
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
export async function startParley(config: Config, logger: Logger, metrics: Metrics = createMetrics()): Promise<Parley> {
  if (config.mode === 'http') return startHttp(config, logger, metrics);
  if (config.mode === 'preview') {
    // Loaded only here: production never reads the preview's code.
    const { startPreview } = await import('./preview/start.js');
    // The bot runs in gateway mode against the embedded Discord; its ready line names the preview.
    return startPreview(config, logger, (gatewayConfig) => startGatewayMode(gatewayConfig, logger, metrics, 'preview'));
  }
  return startGatewayMode(config, logger, metrics, 'gateway');
}

/** Gateway mode; `mode` is what the ready line calls it (`preview` when the preview runs it). */
async function startGatewayMode(
  config: Config,
  logger: Logger,
  metrics: Metrics,
  mode: 'gateway' | 'preview',
): Promise<Parley> {
  // Checked before the engine starts, so a missing token leaves no watcher behind.
  if (!config.token) throw new StartupError('DISCORD_TOKEN is not set');
  // Listening before the index loads, so a probe sees "loading" rather than a refused connection.
  let core: Core | undefined;
  let gateway: Awaited<ReturnType<typeof import('./discord/gateway.js').startGateway>> | undefined;
  let status: StatusServer | undefined;
  if (config.metricsPort !== undefined) {
    // Under `start:sharded` every shard is its own process: shard N listens on METRICS_PORT + N.
    const shard = process.env.SHARDING_MANAGER ? Number(process.env.SHARDS) : 0;
    const port = config.metricsPort + (Number.isInteger(shard) ? shard : 0);
    try {
      status = await serveStatus({
        port,
        host: config.metricsHost,
        metrics,
        health: () =>
          !core
            ? { ok: false, status: 'loading index' }
            : !gateway?.connected()
              ? { ok: false, status: 'gateway not connected', passages: core.passages() }
              : { ok: true, passages: core.passages() },
      });
    } catch (error) {
      throw new StartupError(`Could not listen on METRICS_PORT (${port}): ${(error as Error).message}`);
    }
    logger.info({ url: status.url }, 'healthz and metrics listening');
  }
  try {
    core = await startCore(config, logger, metrics);
  } catch (error) {
    await status?.close();
    throw error;
  }
  const { engine, router, owners } = core;
  // Loaded only here: HTTP mode never loads discord.js (about 30 MB, and the largest part of start-up).
  const { startGateway } = await import('./discord/gateway.js');
  try {
    gateway = await startGateway({
      token: config.token,
      router,
      logger,
      ...(config.apiUrl ? { apiUrl: config.apiUrl } : {}),
      onReconnect: () => metrics.gatewayReconnect(),
    });
  } catch (error) {
    engine.close();
    await status?.close();
    const code = (error as { code?: unknown }).code;
    if (code === 'TokenInvalid' || /invalid token|401|4004/i.test((error as Error).message)) {
      throw new StartupError(
        'Discord refused DISCORD_TOKEN: copy a fresh one from https://discord.com/developers/applications → your app → Bot → Reset Token, into .env',
      );
    }
    throw new StartupError(`Could not connect to Discord: ${(error as Error).message}${localApiHint(config.apiUrl)}`);
  }
  const client = gateway.client;
  const started = gateway;
  const ready = core;
  void gateway.ready
    .then(() => client.application?.fetch())
    .then((application) => {
      const owner = application?.owner;
      const ids = !owner ? [] : 'members' in owner ? [...owner.members.keys()] : [owner.id];
      for (const id of ids) if (!owners.includes(id)) owners.push(id);
      logger.debug({ owners }, 'owner-only commands allowed for');
    })
    .catch((error: unknown) =>
      logger.warn({ err: error }, 'could not read the application owner (OWNER_IDS still apply)'),
    );
  void gateway.ready.then(({ userTag, guilds }) => logReady(logger, ready, { mode, user: userTag, guilds }));
  return running(config, logger, core, metrics, async () => {
    await started.stop();
    await status?.close();
  });
}

/** When DISCORD_API_URL still points at this machine (a stand-in or proxy left in .env), say so. */
function localApiHint(apiUrl: string | undefined): string {
  if (!apiUrl || !/^https?:\/\/(127\.|localhost\b|\[::1\])/i.test(apiUrl)) return '';
  return ` — DISCORD_API_URL is ${apiUrl}, on this machine: start what should answer there, or empty DISCORD_API_URL in .env to connect to Discord itself`;
}

const USAGE = `Usage: npm start
Starts Parley with the settings in .env (see .env.example) and the environment:
  no DISCORD_TOKEN and no PARLEY_MODE   the local preview: a page on http://127.0.0.1:$PREVIEW_PORT (default 3000)
  PARLEY_MODE=gateway (or a token)      connects to Discord over the gateway
  PARLEY_MODE=http                      serves Discord's Interactions Endpoint on $PORT
Ctrl-C or SIGTERM stops it.`;

/** The `npm start` entry point: returns the exit code for start-up failures. */
export async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const result = loadConfig('start');
  for (const warning of result.warnings ?? []) process.stderr.write(`parley: warning: ${warning}\n`);
  if (!result.ok) {
    process.stderr.write(`parley: ${result.error}\n`);
    process.exitCode = 1;
    return;
  }
  const config = result.config;
  const logger = createLogger({
    level: config.logLevel,
    secrets: config.token ? [config.token] : [],
    format: config.logFormat,
  });
  // A handler error is already answered and logged by the router; anything that escapes it is
  // logged here instead of taking the bot down for everyone.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  process.on('uncaughtException', (error) => logger.error({ err: error }, 'uncaught exception'));

  // Until the handlers below are in place, a stop request during start-up just exits (nothing to drain yet).
  const early = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'stopped during start-up');
    process.exit(0);
  };
  const hangUpEarly = () =>
    logger.info({ signal: 'SIGHUP' }, 'SIGHUP during start-up: the corpus is being read now anyway');
  process.once('SIGTERM', early);
  process.once('SIGINT', early);
  process.on('SIGHUP', hangUpEarly);
  process.on('SIGUSR2', ignoreUsr2(logger));

  let parley: Parley;
  try {
    parley = await startParley(config, logger);
  } catch (error) {
    if (error instanceof StartupError) {
      logger.flush();
      process.stderr.write(`parley: ${error.message}\n`);
    } else logger.fatal({ err: error }, 'start-up failed');
    process.exit(1);
  }
  process.off('SIGTERM', early);
  process.off('SIGINT', early);
  process.off('SIGHUP', hangUpEarly);
  handleSignals(parley, logger);
}

/** Stop on SIGTERM/SIGINT, reload on SIGHUP. */
function handleSignals(parley: Parley, logger: Logger): void {
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    // A repeated signal changes nothing: Ctrl-C under `npm start` arrives twice (from the
    // terminal and forwarded by npm), and the deadline below bounds the stop anyway.
    if (stopping) return;
    stopping = true;
    const started = performance.now();
    logger.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ ms: SHUTDOWN_DEADLINE_MS }, 'shutdown took too long: exiting without finishing');
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS);
    deadline.unref();
    parley.stop().then(
      () => {
        logger.info({ ms: Math.round(performance.now() - started) }, 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // The Unix convention for daemons: re-read configuration data, here the corpus folder.
  process.on('SIGHUP', () => {
    if (stopping) return;
    logger.info({ signal: 'SIGHUP' }, 'reloading the corpus');
    void parley.reload();
  });
}

/** SIGUSR2's default action kills the process; Parley gives it no meaning and says so. */
function ignoreUsr2(logger: Logger): () => void {
  return () => logger.info({ signal: 'SIGUSR2' }, 'SIGUSR2 ignored (SIGHUP reloads the corpus, SIGTERM stops)');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
