/**
 * `npm run start:sharded`: discord.js's ShardingManager runs the bot entry (`src/main.ts`) once
 * per gateway shard, each in its own process, so a bot in thousands of servers spreads over
 * cores. Across machines: the same `SHARD_COUNT` on every host and a disjoint `SHARD_LIST` per
 * host (see `src/discord/shards.ts`).
 *
 * The shard count comes from `GET /gateway/bot` through our own REST client: discord.js's
 * `fetchRecommendedShardCount` (what `totalShards: 'auto'` uses) always asks discord.com and
 * would ignore `DISCORD_API_URL`.
 */
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { REST, ShardingManager, type Shard } from 'discord.js';
import { Routes, type RESTGetAPIGatewayBotResult } from 'discord-api-types/v10';
import { HINTS, loadConfig } from './config.js';
import { planShards } from './discord/shards.js';
import { createLogger } from './log.js';

/** Compiled (`npm run start:sharded`), shards run compiled code; under tsx (`npm run dev:sharded`), TypeScript through tsx. */
const TYPESCRIPT = import.meta.url.endsWith('.ts');
const EXT = TYPESCRIPT ? 'ts' : 'js';
const BOT_ENTRY = fileURLToPath(new URL(`./main.${EXT}`, import.meta.url));
const SHARD_CHILD = new URL(`./discord/shard-child.${EXT}`, import.meta.url).href;
/** Each shard loads the corpus index before it connects; the cache makes that seconds, a cold build longer. */
const SHARD_READY_TIMEOUT_MS = 120_000;
/** Shards get this long to close their gateway sessions on shutdown before they are killed. */
const STOP_GRACE_MS = 10_000;

function fail(message: string): never {
  process.stderr.write(`parley: ${message}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const result = loadConfig('start');
  if (!result.ok) fail(result.error);
  const config = result.config;
  // No token and no PARLEY_MODE reads as the local preview, which is npm start's alone.
  if (config.mode === 'preview') fail(`DISCORD_TOKEN is not set: ${HINTS.DISCORD_TOKEN}`);
  if (config.mode !== 'gateway') {
    fail(
      'start:sharded runs gateway shards; with PARLEY_MODE=http, scale by running more replicas of npm start instead',
    );
  }
  if (!config.token) fail('DISCORD_TOKEN is not set');
  const logger = createLogger({
    level: config.logLevel,
    secrets: [config.token],
    base: { role: 'shard-manager' },
    format: config.logFormat,
  });

  const rest = new REST({ version: '10', ...(config.apiUrl ? { api: config.apiUrl } : {}) }).setToken(config.token);
  let gateway: RESTGetAPIGatewayBotResult;
  try {
    gateway = (await rest.get(Routes.gatewayBot())) as RESTGetAPIGatewayBotResult;
  } catch (error) {
    const status = (error as { status?: unknown }).status;
    if (status === 401) {
      fail(
        'Discord refused DISCORD_TOKEN: copy a fresh one from https://discord.com/developers/applications → your app → Bot → Reset Token, into .env',
      );
    }
    fail(`Could not ask Discord for the shard count: ${(error as Error).message}`);
  }

  const outcome = planShards(process.env, gateway);
  if (!outcome.ok) fail(outcome.error);
  const { totalShards, shardList, spawnDelayMs } = outcome.plan;

  const manager = new ShardingManager(BOT_ENTRY, {
    token: config.token,
    totalShards,
    shardList: [...shardList],
    mode: 'process',
    respawn: true,
    // SHARD_CHILD makes an orphaned shard stop itself.
    execArgv: [...(TYPESCRIPT ? ['--import', 'tsx'] : []), '--import', SHARD_CHILD],
  });
  manager.on('shardCreate', (shard: Shard) => {
    logger.info({ shard: shard.id, totalShards }, 'shard starting');
    shard.on('ready', () => logger.info({ shard: shard.id }, 'shard ready'));
    shard.on('death', (child) => {
      const code = 'exitCode' in child ? child.exitCode : undefined;
      if (!stopping) logger.warn({ shard: shard.id, code }, 'shard process exited; respawning');
    });
  });

  // `as boolean`: the signal handlers set it, which TypeScript's narrowing below cannot see.
  let stopping = false as boolean;
  const stop = async (signal: string, code = 0): Promise<void> => {
    if (stopping) return;
    stopping = true;
    // A shard that exits from here on is being stopped, not crashing.
    manager.respawn = false;
    logger.info({ signal, shards: manager.shards.size }, 'stopping shards');
    await Promise.all(
      [...manager.shards.values()].map(async (shard) => {
        const child = shard.process;
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }),
    );
    logger.info('all shards stopped');
    process.exit(code);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
  // Each shard reloads its own index on SIGHUP; SIGUSR2 means nothing here either.
  process.on('SIGHUP', () => {
    if (stopping) return;
    logger.info({ shards: manager.shards.size }, 'SIGHUP: asking every shard to reload the corpus');
    for (const shard of manager.shards.values()) shard.process?.kill('SIGHUP');
  });
  process.on('SIGUSR2', () =>
    logger.info({ signal: 'SIGUSR2' }, 'SIGUSR2 ignored (SIGHUP reloads the corpus, SIGTERM stops)'),
  );

  logger.info(
    { totalShards, shards: shardList, spawnDelayMs, maxConcurrency: gateway.session_start_limit.max_concurrency },
    'spawning shards',
  );
  try {
    await manager.spawn({ amount: totalShards, delay: spawnDelayMs, timeout: SHARD_READY_TIMEOUT_MS });
  } catch (error) {
    if (stopping) return;
    logger.fatal({ err: error }, 'a shard failed to start');
    await stop('startup-failure', 1);
    return;
  }
  logger.info({ shards: shardList, totalShards }, 'all shards ready');
}

void main();
