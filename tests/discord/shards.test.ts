import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IDENTIFY_INTERVAL_MS, parseShardList, planShards } from '../../src/discord/shards.js';

const gateway = (shards: number, maxConcurrency = 1, remaining = 1000) => ({
  shards,
  session_start_limit: { total: 1000, remaining, reset_after: 60_000, max_concurrency: maxConcurrency },
});

describe('parseShardList', () => {
  it('reads ids and inclusive ranges, sorted and without duplicates', () => {
    expect(parseShardList('8, 0-2,1,5-5')).toEqual({ ok: true, ids: [0, 1, 2, 5, 8] });
  });

  it('refuses words, negative numbers and backwards ranges with the offending part', () => {
    expect(parseShardList('0,a')).toEqual({ ok: false, error: expect.stringContaining('"a"') });
    expect(parseShardList('-1')).toMatchObject({ ok: false });
    expect(parseShardList('5-2')).toEqual({ ok: false, error: expect.stringContaining('backwards') });
    expect(parseShardList('')).toMatchObject({ ok: false });
  });

  it('round-trips any set of ids written as a comma list', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 4095 }), { minLength: 1, maxLength: 50 }), (ids) => {
        expect(parseShardList(ids.join(','))).toEqual({ ok: true, ids: [...ids].sort((a, b) => a - b) });
      }),
    );
  });
});

describe('planShards', () => {
  it('runs every recommended shard on one host when nothing is set', () => {
    expect(planShards({}, gateway(3))).toEqual({
      ok: true,
      plan: { totalShards: 3, shardList: [0, 1, 2], spawnDelayMs: IDENTIFY_INTERVAL_MS },
    });
  });

  it("runs only this host's part of a fixed total across machines", () => {
    const plan = planShards({ SHARD_COUNT: '16', SHARD_LIST: '8-15' }, gateway(2));
    expect(plan).toEqual({
      ok: true,
      plan: { totalShards: 16, shardList: [8, 9, 10, 11, 12, 13, 14, 15], spawnDelayMs: IDENTIFY_INTERVAL_MS },
    });
  });

  it('spawns faster when Discord allows several identifies at once, never faster than the bucket window allows', () => {
    const outcome = planShards({}, gateway(2, 16));
    expect(outcome.ok && outcome.plan.spawnDelayMs).toBe(Math.ceil(IDENTIFY_INTERVAL_MS / 16));
    // Shards i and i + max_concurrency share a bucket: they must start at least a window apart.
    if (outcome.ok) expect(outcome.plan.spawnDelayMs * 16).toBeGreaterThanOrEqual(IDENTIFY_INTERVAL_MS);
  });

  it('refuses a shard list without a fixed total, since hosts could disagree on it', () => {
    expect(planShards({ SHARD_LIST: '0-1' }, gateway(4))).toEqual({
      ok: false,
      error: expect.stringMatching(/^SHARD_LIST needs SHARD_COUNT/),
    });
  });

  it('refuses shard ids beyond the total and malformed counts, naming the variable', () => {
    expect(planShards({ SHARD_COUNT: '4', SHARD_LIST: '2-4' }, gateway(1))).toEqual({
      ok: false,
      error: expect.stringMatching(/^SHARD_LIST names shard 4/),
    });
    expect(planShards({ SHARD_COUNT: 'two' }, gateway(1))).toEqual({
      ok: false,
      error: expect.stringMatching(/^SHARD_COUNT/),
    });
    expect(planShards({ SHARD_COUNT: '0' }, gateway(1))).toEqual({
      ok: false,
      error: expect.stringMatching(/^SHARD_COUNT/),
    });
  });

  it('refuses to start more sessions than Discord has left for the day', () => {
    expect(planShards({}, gateway(4, 1, 3))).toEqual({
      ok: false,
      error: expect.stringContaining('3 more session starts'),
    });
  });
});
