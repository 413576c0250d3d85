import { describe, expect, it } from 'vitest';
import { createLatenessMeter, snowflakeTime } from '../../src/discord/lateness.js';
import { snowflake } from '../support/snowflake.js';

describe('snowflakeTime', () => {
  it("reads Discord's documented example id", () => {
    // https://discord.com/developers/docs/reference#snowflakes
    expect(new Date(snowflakeTime('175928847299117063') ?? 0).toISOString()).toBe('2016-04-30T11:18:25.796Z');
  });

  it('round-trips the creation time of ids made by the stand-in', () => {
    for (const at of [1_420_070_400_000, 1_700_000_000_123, 1_800_000_000_999])
      expect(snowflakeTime(snowflake(at))).toBe(at);
  });

  it('gives undefined for anything that is not a snowflake', () => {
    for (const id of ['', 'abc', '12a', '-5', '1e5', ' 12', '123456789012345678901', 42, undefined])
      expect(snowflakeTime(id), String(id)).toBeUndefined();
  });
});

describe('lateness meter', () => {
  it('measures against the freshest recent interaction, and forgets it after two windows', () => {
    let now = 1_800_000_000_000;
    const meter = createLatenessMeter({ now: () => now, skewWindowMs: 10_000 });
    expect(meter.of(snowflake(now - 100))).toBe(0);
    expect(meter.of(snowflake(now - 2_600))).toBe(2_500);
    now += 25_000; // two windows later the 100 ms baseline is gone: a 1 s age is the new baseline
    expect(meter.of(snowflake(now - 1_000))).toBe(0);
    expect(meter.of(snowflake(now - 10))).toBe(0);
    expect(meter.of(snowflake(now - 1_010))).toBe(1_000);
  });

  it('keeps its baseline through a sustained backlog with no quiet gap, so a flood stays shed', () => {
    let now = 1_800_000_000_000;
    const meter = createLatenessMeter({ now: () => now, skewWindowMs: 10_000, quietMs: 100 });
    expect(meter.of(snowflake(now - 20))).toBe(0);
    // 30 s of flood, one interaction every 5 ms, each waiting longer than the last (up to 3 s).
    let last = 0;
    for (let i = 1; i <= 6_000; i++) {
      now += 5;
      last = meter.of(snowflake(now - 20 - Math.floor(i / 2))) ?? Number.NaN;
    }
    expect(last).toBe(3_000);
    // After the flood, quiet traffic lets the baseline follow the ages again (two windows on).
    now += 1_000;
    expect(meter.of(snowflake(now - 20))).toBe(0);
  });

  it('lets the baseline rise after quiet gaps when the host clock really is ahead', () => {
    let now = 1_800_000_000_000;
    const meter = createLatenessMeter({ now: () => now, skewWindowMs: 10_000, quietMs: 100 });
    expect(meter.of(snowflake(now - 20))).toBe(0);
    now += 1_000;
    expect(meter.of(snowflake(now - 3_020))).toBe(3_000); // clock stepped 3 s ahead: late at first
    for (let i = 0; i < 30; i++, now += 1_000) meter.of(snowflake(now - 3_020));
    expect(meter.of(snowflake(now - 3_020))).toBe(0); // two quiet windows later: skew, not lateness
  });

  it('calls ages below 0 or above the bound unknown, and they do not move the baseline', () => {
    const now = 1_800_000_000_000;
    const meter = createLatenessMeter({ now: () => now, maxAgeMs: 60_000 });
    expect(meter.of(snowflake(now + 30_000))).toBeUndefined();
    expect(meter.of(snowflake(now - 61_000))).toBeUndefined();
    expect(meter.of(snowflake(now - 50))).toBe(0);
    expect(meter.of(snowflake(now - 3_050))).toBe(3_000);
  });
});
