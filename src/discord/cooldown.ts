/**
 * Per-user cooldown: one use per window, answered politely instead of queued. Keys are user ids
 * (optionally with a bucket prefix); memory stays bounded because expired entries are swept
 * whenever the table grows past `sweepAbove`.
 */

/** Options of {@link createCooldown}. All optional. */
export interface CooldownOptions {
  /** Length of the window in seconds (default 3; 0 disables the cooldown). */
  readonly seconds?: number;
  /** Clock in milliseconds (default `Date.now`). */
  readonly now?: () => number;
  /** Sweep expired entries once the table holds this many keys (default 10,000). */
  readonly sweepAbove?: number;
}

export const defaultCooldownOptions = { seconds: 3, now: Date.now, sweepAbove: 10_000 } as const;

/** `ok`, or when the member may try again. */
export type CooldownOutcome = { readonly ok: true } | { readonly ok: false; readonly retryAt: number; readonly retryInSeconds: number };

export interface Cooldown {
  /** Takes the key's slot if it is free; otherwise says when it frees up (the window is not extended). */
  take(key: string): CooldownOutcome;
  /** Keys currently tracked (for tests and metrics). */
  readonly size: number;
}

/**
 * @example
 * const cooldown = createCooldown({ seconds: 3 });
 * const outcome = cooldown.take(userId);
 * if (!outcome.ok) reply(`try again in ${outcome.retryInSeconds} s`);
 */
export function createCooldown(options: CooldownOptions = {}): Cooldown {
  const { seconds, now, sweepAbove } = { ...defaultCooldownOptions, ...options };
  const windowMs = Math.max(0, seconds * 1000);
  const until = new Map<string, number>();

  const sweep = (at: number) => {
    for (const [key, expires] of until) if (expires <= at) until.delete(key);
  };

  return {
    take(key) {
      if (windowMs === 0) return { ok: true };
      const at = now();
      const expires = until.get(key);
      if (expires !== undefined && expires > at) {
        return { ok: false, retryAt: expires, retryInSeconds: Math.max(1, Math.ceil((expires - at) / 1000)) };
      }
      if (until.size >= sweepAbove) sweep(at);
      until.set(key, at + windowMs);
      return { ok: true };
    },
    get size() {
      return until.size;
    },
  };
}
