/**
 * Per-user cooldown: one use per window, answered politely instead of queued. Keys are user ids
 * (optionally with a bucket prefix).
 *
 * Every window has the same length, so slots expire in the order they were taken: a FIFO queue
 * of (key, expiry) is in time order, and each use drops the expired slots at its head. Each slot
 * is looked at once when it expires, so a use costs O(1) amortised however many members share
 * the window, and memory holds only the slots still running.
 */

/** Options of {@link createCooldown}. All optional. */
export interface CooldownOptions {
  /** Length of the window in seconds (default 3; 0 disables the cooldown). */
  readonly seconds?: number;
  /** Clock in milliseconds (default `Date.now`). */
  readonly now?: () => number;
}

export const defaultCooldownOptions = { seconds: 3, now: Date.now } as const;

/** `ok`, or when the member may try again. */
export type CooldownOutcome =
  { readonly ok: true } | { readonly ok: false; readonly retryAt: number; readonly retryInSeconds: number };

export interface Cooldown {
  /** Takes the key's slot if it is free; otherwise says when it frees up (the window is not extended). */
  take(key: string): CooldownOutcome;
  /** Keys currently tracked (for tests and metrics). */
  readonly size: number;
  /** Queue entries looked at for expiry so far: the work expiry cost (for tests and metrics). */
  readonly expiryChecks: number;
}

/** Consumed queue entries kept before the array is compacted. */
const COMPACT_AFTER = 1024;

/**
 * @example
 * const cooldown = createCooldown({ seconds: 3 });
 * const outcome = cooldown.take(userId);
 * if (!outcome.ok) reply(`try again in ${outcome.retryInSeconds} s`);
 */
export function createCooldown(options: CooldownOptions = {}): Cooldown {
  const { seconds, now } = { ...defaultCooldownOptions, ...options };
  const windowMs = Math.max(0, seconds * 1000);
  const until = new Map<string, number>();
  // Parallel arrays read from `head`: cheaper than an object per slot.
  let keys: string[] = [];
  let expiries: number[] = [];
  let head = 0;
  let checks = 0;

  const expire = (at: number) => {
    while (head < keys.length) {
      checks++;
      const expires = expiries[head] as number;
      // A clock set back can leave a later slot ahead of an earlier one; it then waits for it.
      if (expires > at) break;
      const key = keys[head] as string;
      if (until.get(key) === expires) until.delete(key);
      head++;
    }
    if (head >= COMPACT_AFTER && head * 2 >= keys.length) {
      keys = keys.slice(head);
      expiries = expiries.slice(head);
      head = 0;
    }
  };

  return {
    take(key) {
      if (windowMs === 0) return { ok: true };
      const at = now();
      expire(at);
      const expires = until.get(key);
      if (expires !== undefined && expires > at) {
        return { ok: false, retryAt: expires, retryInSeconds: Math.max(1, Math.ceil((expires - at) / 1000)) };
      }
      until.set(key, at + windowMs);
      keys.push(key);
      expiries.push(at + windowMs);
      return { ok: true };
    },
    get size() {
      return until.size;
    },
    get expiryChecks() {
      return checks;
    },
  };
}
