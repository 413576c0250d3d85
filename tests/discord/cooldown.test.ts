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
    const cooldown = createCooldown({ seconds: 1, now: () => now, sweepAbove: 100 });
    for (let i = 0; i < 100; i++) cooldown.take(`user${i}`);
    now = 5_000;
    cooldown.take('late');
    expect(cooldown.size).toBe(1);
  });
});
