import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  importDiscordPublicKey,
  verifyDiscordRequest,
  SIGNATURE_MAX_AGE_SECONDS,
} from '../../src/discord/signature.js';
import { generateTestKeys, signBody } from './signing.js';

const keys = generateTestKeys();
const key = importDiscordPublicKey(keys.publicKeyHex);
const NOW = 1_764_000_000_000;
const ts = (offsetSeconds = 0): string => String(Math.floor(NOW / 1000) + offsetSeconds);

describe('importDiscordPublicKey', () => {
  it('imports the 64-hex-character key the developer portal shows', () => {
    expect(key.asymmetricKeyType).toBe('ed25519');
  });

  it('refuses a key of the wrong length or alphabet with a Parley error', () => {
    expect(() => importDiscordPublicKey(keys.publicKeyHex.slice(2))).toThrow(/^Parley:/);
    expect(() => importDiscordPublicKey(`zz${keys.publicKeyHex.slice(2)}`)).toThrow(/^Parley:/);
  });
});

describe('verifyDiscordRequest', () => {
  const body = Buffer.from('{"type":1}');

  it('accepts a body signed with the matching private key', () => {
    const timestamp = ts();
    const check = verifyDiscordRequest(
      key,
      { signature: signBody(keys.privateKey, timestamp, body), timestamp, body },
      { now: NOW },
    );
    expect(check).toEqual({ ok: true });
  });

  it('refuses a signature made by another key (Discord probes endpoints with these)', () => {
    const other = generateKeyPairSync('ed25519').privateKey;
    const timestamp = ts();
    const check = verifyDiscordRequest(
      key,
      { signature: signBody(other, timestamp, body), timestamp, body },
      { now: NOW },
    );
    expect(check).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a body changed after signing', () => {
    const timestamp = ts();
    const signature = signBody(keys.privateKey, timestamp, body);
    const check = verifyDiscordRequest(key, { signature, timestamp, body: Buffer.from('{"type":2}') }, { now: NOW });
    expect(check).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a timestamp changed after signing, so old signatures cannot be replayed with a fresh one', () => {
    const signature = signBody(keys.privateKey, ts(), body);
    const check = verifyDiscordRequest(key, { signature, timestamp: ts(1), body }, { now: NOW });
    expect(check).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses timestamps more than five minutes old or ahead, even when correctly signed', () => {
    for (const offset of [-SIGNATURE_MAX_AGE_SECONDS - 1, SIGNATURE_MAX_AGE_SECONDS + 1]) {
      const timestamp = ts(offset);
      const check = verifyDiscordRequest(
        key,
        { signature: signBody(keys.privateKey, timestamp, body), timestamp, body },
        { now: NOW },
      );
      expect(check).toEqual({ ok: false, reason: 'stale' });
    }
    const edge = ts(-SIGNATURE_MAX_AGE_SECONDS + 1);
    expect(
      verifyDiscordRequest(
        key,
        { signature: signBody(keys.privateKey, edge, body), timestamp: edge, body },
        { now: NOW },
      ).ok,
    ).toBe(true);
  });

  it('tells missing headers from malformed ones', () => {
    const timestamp = ts();
    const signature = signBody(keys.privateKey, timestamp, body);
    expect(verifyDiscordRequest(key, { signature: undefined, timestamp, body }, { now: NOW })).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(verifyDiscordRequest(key, { signature, timestamp: undefined, body }, { now: NOW })).toEqual({
      ok: false,
      reason: 'missing',
    });
    expect(verifyDiscordRequest(key, { signature: signature.slice(1), timestamp, body }, { now: NOW })).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(verifyDiscordRequest(key, { signature, timestamp: `${timestamp}.5`, body }, { now: NOW })).toEqual({
      ok: false,
      reason: 'malformed',
    });
    expect(verifyDiscordRequest(key, { signature: [signature, signature], timestamp, body }, { now: NOW })).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('never accepts, and never throws on, arbitrary signature and timestamp strings', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.uint8Array({ maxLength: 256 }), (signature, timestamp, bytes) => {
        const check = verifyDiscordRequest(key, { signature, timestamp, body: Buffer.from(bytes) }, { now: NOW });
        expect(check.ok).toBe(false);
      }),
    );
  });

  it('never accepts a well-formed signature that Discord did not make', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 64, maxLength: 64 }), (bytes) => {
        const timestamp = ts();
        const check = verifyDiscordRequest(
          key,
          { signature: Buffer.from(bytes).toString('hex'), timestamp, body },
          { now: NOW },
        );
        expect(check).toEqual({ ok: false, reason: 'invalid' });
      }),
      { numRuns: 200 },
    );
  });
});
