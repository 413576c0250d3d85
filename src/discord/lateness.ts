/**
 * How late an interaction already is when it reaches the router, so a flood is shed by lateness
 * (a polite "busy" note for what could no longer be answered inside Discord's 3-second window)
 * rather than by throughput.
 *
 * The primary signal is the interaction's own id: a Discord snowflake carries its creation time
 * (ms since the Discord epoch, in the bits above 22), so `now − created` counts every queue in
 * front of the handler — Discord's, the network's, the websocket's and our own event loop's — and
 * costs one `Number()` per interaction. Two guards keep a wrong clock from shedding everything:
 * - an age below 0 or above 60 s is not believable (a clock far off, a test id such as `'1'`) and
 *   means "unknown": the caller falls back to event-loop lag;
 * - lateness is measured against a skew baseline: the smallest age seen lately, so a host clock a
 *   few seconds ahead shifts every age alike and sheds nothing. Any age may lower the baseline
 *   (skew can never exceed an observed age), but only an interaction arriving after a quiet gap
 *   (≥ 100 ms with none) may move the window on and so let it rise again. In a sustained flood
 *   there is no gap: were every age allowed to count, the baseline would creep up with the backlog
 *   and switch shedding off exactly when it is needed.
 *   The price: the very first interaction is never counted late, and a clock stepped forward reads
 *   as late until two quiet windows pass (10–20 s) — both rare, and the first errs towards answering.
 */

/** 2015-01-01T00:00:00Z, where Discord snowflake time starts. */
export const DISCORD_EPOCH_MS = 1_420_070_400_000;
/** The timestamp sits above 22 bits of worker, process and counter. */
const TIMESTAMP_UNIT = 2 ** 22;
const SNOWFLAKE = /^\d{1,20}$/;

/**
 * When Discord created the object with this snowflake id (ms since the Unix epoch), or undefined
 * for something that is not a snowflake.
 *
 * @example
 * snowflakeTime('175928847299117063') // 1462015105796 (2016-04-30T11:18:25.796Z)
 */
export function snowflakeTime(id: unknown): number | undefined {
  if (typeof id !== 'string' || !SNOWFLAKE.test(id)) return undefined;
  // A double keeps the top 53 bits: the millisecond part is exact for the next few centuries.
  return DISCORD_EPOCH_MS + Math.floor(Number(id) / TIMESTAMP_UNIT);
}

/** Options of {@link createLatenessMeter}. All optional. */
export interface LatenessOptions {
  /** Clock in milliseconds (default `Date.now`). */
  readonly now?: () => number;
  /** Ages above this (ms) are not believable and count as unknown (default 60,000). */
  readonly maxAgeMs?: number;
  /** Skew is the smallest age seen in this window and the one before (ms, default 10,000). */
  readonly skewWindowMs?: number;
  /** A gap this long (ms) with no interaction means the next one did not queue behind others (default 100). */
  readonly quietMs?: number;
}

export const defaultLatenessOptions = { now: Date.now, maxAgeMs: 60_000, skewWindowMs: 10_000, quietMs: 100 } as const;

export interface LatenessMeter {
  /**
   * How many ms later than the freshest recent interaction this one arrived, or undefined when its
   * id does not give a believable age.
   */
  of(id: unknown): number | undefined;
}

/**
 * @example
 * const lateness = createLatenessMeter();
 * const late = lateness.of(interaction.id);
 * if (late !== undefined && late > 2_000) replyBusy();
 */
export function createLatenessMeter(options: LatenessOptions = {}): LatenessMeter {
  const { now, maxAgeMs, skewWindowMs, quietMs } = { ...defaultLatenessOptions, ...options };
  let lastSeen = Number.NEGATIVE_INFINITY;
  let windowStart = Number.NEGATIVE_INFINITY;
  let current = Number.POSITIVE_INFINITY;
  let previous = Number.POSITIVE_INFINITY;
  return {
    of(id) {
      const created = snowflakeTime(id);
      if (created === undefined) return undefined;
      const at = now();
      const age = at - created;
      if (!(age >= 0 && age <= maxAgeMs)) return undefined;
      const quiet = at - lastSeen >= quietMs;
      lastSeen = at;
      if (quiet && at - windowStart >= skewWindowMs) {
        previous = at - windowStart < 2 * skewWindowMs ? current : Number.POSITIVE_INFINITY;
        current = Number.POSITIVE_INFINITY;
        windowStart = at;
      }
      if (age < current) current = age;
      return age - Math.min(current, previous);
    },
  };
}

const LAG_TICK_MS = 100;
let lagSampler: { expected: number; lag: number } | undefined;

/**
 * How far the event loop is persistently behind, in ms: a timer ticks every 100 ms and measures how
 * late it fired; the lag is the smaller of the last tick's lateness and how overdue the next tick
 * is right now. So one long block (a GC pause, an index build) sheds nothing — either the block's
 * tick has not fired yet, or it has and the loop is current again — while a loop that stays behind
 * tick after tick (a backlog) reads as lagging. One unref'd timer per process, started on first use.
 */
export function eventLoopLag(): number {
  if (!lagSampler) {
    const sampler = { expected: performance.now() + LAG_TICK_MS, lag: 0 };
    setInterval(() => {
      const at = performance.now();
      sampler.lag = Math.max(0, at - sampler.expected);
      sampler.expected = at + LAG_TICK_MS;
    }, LAG_TICK_MS).unref();
    lagSampler = sampler;
  }
  return Math.min(lagSampler.lag, performance.now() - lagSampler.expected);
}
