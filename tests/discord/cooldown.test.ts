import { describe, expect, it } from 'vitest';
import { createCooldown } from '../../src/discord/cooldown.js';

describe('cooldown', () => {
  it('lets a member ask once per window and says when to retry', () => {
    let now = 1_000_000;
    const cooldown = createCooldown({ seconds: 3, now: () => now });
    expect(cooldown.take('alice')).toEqual({ ok: true });
    now += 1_200;
    expect(cooldown.take('alice')).toEqual({ ok: false, retryAt: 1_003_000, retryInSeconds: 2 });
    now += 1_800;
    expect(cooldown.take('alice')).toEqual({ ok: true });
  });

  it('keeps members independent', () => {
    const cooldown = createCooldown({ seconds: 3, now: () => 0 });
    expect(cooldown.take('alice').ok).toBe(true);
    expect(cooldown.take('bob').ok).toBe(true);
    expect(cooldown.take('alice').ok).toBe(false);
  });

  it('does not extend the wait when the member keeps trying', () => {
    let now = 0;
    const cooldown = createCooldown({ seconds: 3, now: () => now });
    cooldown.take('alice');
    for (now = 500; now < 3_000; now += 500) expect(cooldown.take('alice').ok).toBe(false);
    now = 3_000;
    expect(cooldown.take('alice').ok).toBe(true);
  });

  it('is off at 0 seconds', () => {
    const cooldown = createCooldown({ seconds: 0, now: () => 0 });
    expect(cooldown.take('alice').ok).toBe(true);
    expect(cooldown.take('alice').ok).toBe(true);
  });

  it('forgets expired members so memory stays bounded', () => {
    let now = 0;
    const cooldown = createCooldown({ seconds: 1, now: () => now });
    for (let i = 0; i < 100; i++) cooldown.take(`user${i}`);
    now = 5_000;
    cooldown.take('late');
    expect(cooldown.size).toBe(1);
  });

  it('forgets members in the order their windows end', () => {
    let now = 0;
    const cooldown = createCooldown({ seconds: 10, now: () => now });
    for (let i = 0; i < 10; i++) {
      now = i * 1_000;
      cooldown.take(`user${i}`);
    }
    // At 14.5 s the windows that began at 0–4 s have ended; 5–9 s are still running.
    now = 14_500;
    cooldown.take('late');
    expect(cooldown.size).toBe(6);
    expect(cooldown.take('user4').ok).toBe(true);
    expect(cooldown.take('user5').ok).toBe(false);
  });

  it('costs O(1) amortised per use, however many members share one window', () => {
    // 40k members inside one long window, then everyone again after it: the scan-everything
    // sweep looked at every entry on every use past 10k members (hundreds of millions of checks).
    let now = 0;
    const cooldown = createCooldown({ seconds: 3600, now: () => now });
    const members = 40_000;
    for (let i = 0; i < members; i++) {
      now = i;
      expect(cooldown.take(`user${i}`).ok).toBe(true);
    }
    for (let i = 0; i < members; i++) {
      now = 3_600_000 + members + i;
      expect(cooldown.take(`user${i}`).ok).toBe(true);
    }
    const uses = members * 2;
    // One check that stops at an unexpired head per use, plus one per slot that expires.
    expect(cooldown.expiryChecks).toBeLessThanOrEqual(uses + members);
    expect(cooldown.size).toBeLessThanOrEqual(members);
  });

  it('refuses a member again right after a refused use, even with slots expiring around it', () => {
    let now = 0;
    const cooldown = createCooldown({ seconds: 2, now: () => now });
    cooldown.take('alice');
    now = 1_000;
    cooldown.take('bob');
    now = 2_000; // alice's window ends, bob's runs until 3 s
    expect(cooldown.take('alice').ok).toBe(true);
    expect(cooldown.take('bob')).toEqual({ ok: false, retryAt: 3_000, retryInSeconds: 1 });
    now = 3_000;
    expect(cooldown.take('bob').ok).toBe(true);
    expect(cooldown.take('alice').ok).toBe(false);
  });
});
