/**
 * How many gateway shards to run and which of them this host runs. Pure functions, so the
 * rules are tested without processes; `src/sharded.ts` does the spawning.
 *
 * One host: `SHARD_COUNT` and `SHARD_LIST` unset — Discord's recommended count, all shards here.
 * Several hosts: the same `SHARD_COUNT` everywhere and a disjoint `SHARD_LIST` per host
 * (`0-7` on one, `8-15` on the next), so every shard runs exactly once.
 */
import type { RESTGetAPIGatewayBotResult } from 'discord-api-types/v10';

/** Discord lets each identify bucket start one session per 5 s; a little slack on top. */
export const IDENTIFY_INTERVAL_MS = 5_500;
/** Far above any real bot; a typo such as `SHARD_COUNT=10000000` stops start-up instead of forking forever. */
export const MAX_SHARDS = 4_096;

export interface ShardEnv {
  readonly SHARD_COUNT?: string | undefined;
  readonly SHARD_LIST?: string | undefined;
}

export interface ShardPlan {
  /** Shards across every host. */
  readonly totalShards: number;
  /** The shard ids this host runs, ascending. */
  readonly shardList: readonly number[];
  /** Pause between two spawns, so no identify bucket is asked twice within its window. */
  readonly spawnDelayMs: number;
}

export type ShardPlanOutcome =
  { readonly ok: true; readonly plan: ShardPlan } | { readonly ok: false; readonly error: string };

/**
 * Parses a shard list such as `0-3,8,10-11` into sorted, unique ids.
 *
 * @example
 * parseShardList('0-2,5') // → { ok: true, ids: [0, 1, 2, 5] }
 */
export function parseShardList(text: string): { ok: true; ids: number[] } | { ok: false; error: string } {
  const ids = new Set<number>();
  for (const raw of text.split(',')) {
    const part = raw.trim();
    const match = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(part);
    if (!match) return { ok: false, error: `"${part}" is not a shard id or a range like 0-3` };
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (to < from) return { ok: false, error: `range "${part}" runs backwards` };
    if (to >= MAX_SHARDS) return { ok: false, error: `shard ${to} is beyond ${MAX_SHARDS - 1}` };
    for (let id = from; id <= to; id += 1) ids.add(id);
  }
  return { ok: true, ids: [...ids].sort((a, b) => a - b) };
}

/**
 * Decides the shards of this host from the environment and Discord's `GET /gateway/bot`.
 *
 * @example
 * planShards({ SHARD_COUNT: '16', SHARD_LIST: '0-7' }, gatewayBot)
 * // → { ok: true, plan: { totalShards: 16, shardList: [0, …, 7], spawnDelayMs: 5500 } }
 */
export function planShards(
  env: ShardEnv,
  gateway: Pick<RESTGetAPIGatewayBotResult, 'shards' | 'session_start_limit'>,
): ShardPlanOutcome {
  let totalShards = Math.max(1, gateway.shards);
  const count = env.SHARD_COUNT?.trim();
  if (count) {
    if (!/^\d+$/.test(count) || Number(count) < 1 || Number(count) > MAX_SHARDS) {
      return {
        ok: false,
        error: `SHARD_COUNT must be a whole number from 1 to ${MAX_SHARDS} (the total across all hosts); got "${count}"`,
      };
    }
    totalShards = Number(count);
  }

  let shardList = Array.from({ length: totalShards }, (_, id) => id);
  const list = env.SHARD_LIST?.trim();
  if (list) {
    if (!count) {
      return {
        ok: false,
        error: 'SHARD_LIST needs SHARD_COUNT: every host must agree on the total, so set the same SHARD_COUNT on each',
      };
    }
    const parsed = parseShardList(list);
    if (!parsed.ok) return { ok: false, error: `SHARD_LIST: ${parsed.error}` };
    const outside = parsed.ids.find((id) => id >= totalShards);
    if (outside !== undefined) {
      return {
        ok: false,
        error: `SHARD_LIST names shard ${outside}, but SHARD_COUNT is ${totalShards} (ids run 0–${totalShards - 1})`,
      };
    }
    shardList = parsed.ids;
  }

  const concurrency = Math.max(1, gateway.session_start_limit.max_concurrency);
  const starts = gateway.session_start_limit.remaining;
  if (starts < shardList.length) {
    return {
      ok: false,
      error: `Discord allows ${starts} more session starts until ${new Date(Date.now() + gateway.session_start_limit.reset_after).toISOString()}; ${shardList.length} shards need more — wait for the reset`,
    };
  }
  return { ok: true, plan: { totalShards, shardList, spawnDelayMs: Math.ceil(IDENTIFY_INTERVAL_MS / concurrency) } };
}
