/**
 * Discord's request signing for the Interactions Endpoint URL: every request carries
 * `X-Signature-Ed25519` (hex) over `X-Signature-Timestamp` + the raw body, made with the
 * application's private key; we check it with the public key from the developer portal.
 * Node's built-in Ed25519 does the work — no native add-on, no tweetnacl.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** DER prefix that turns a raw 32-byte Ed25519 public key into an SPKI structure Node can import. */
export const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** Discord stops retrying after a few seconds; anything older than this is a replay. */
export const SIGNATURE_MAX_AGE_SECONDS = 5 * 60;

const PUBLIC_KEY_HEX = /^[0-9a-f]{64}$/i;
const SIGNATURE_HEX = /^[0-9a-f]{128}$/i;
const TIMESTAMP = /^\d{1,12}$/;

/**
 * Imports the application's public key (64 hex characters, as shown in the developer portal).
 * Do it once at start-up: importing per request costs more than verifying.
 *
 * @example
 * const key = importDiscordPublicKey(config.publicKey);
 * verifyDiscordRequest(key, { signature, timestamp, body });
 *
 * @throws when the key is not 64 hex characters (a configuration mistake the config validator should catch first).
 */
export function importDiscordPublicKey(hex: string): KeyObject {
  if (!PUBLIC_KEY_HEX.test(hex)) {
    throw new Error(
      'Parley: the Discord public key must be 64 hex characters (General Information page of the application).',
    );
  }
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

/** The parts of a request that the signature covers. Header values may be missing or repeated. */
export interface SignedRequest {
  readonly signature: string | string[] | undefined;
  readonly timestamp: string | string[] | undefined;
  readonly body: Buffer;
}

/** Options of {@link verifyDiscordRequest}. All optional. */
export interface VerifyOptions {
  /** Current time in milliseconds (default `Date.now()`); for tests. */
  readonly now?: number;
  /** Largest accepted distance between the timestamp and now, either way (default {@link SIGNATURE_MAX_AGE_SECONDS}). */
  readonly maxAgeSeconds?: number;
}

/** Why a request was refused; logged, never sent back (an attacker learns nothing from a 401). */
export type SignatureFailure = 'missing' | 'malformed' | 'stale' | 'invalid';

export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly reason: SignatureFailure };

const defaultVerifyOptions = { maxAgeSeconds: SIGNATURE_MAX_AGE_SECONDS } satisfies VerifyOptions;

/**
 * Checks a request's Ed25519 signature and the freshness of its timestamp. Cheap checks come
 * first so that junk is refused without touching the curve.
 *
 * @example
 * const check = verifyDiscordRequest(key, {
 *   signature: req.headers['x-signature-ed25519'],
 *   timestamp: req.headers['x-signature-timestamp'],
 *   body,
 * });
 * if (!check.ok) return reply(401);
 */
export function verifyDiscordRequest(
  key: KeyObject,
  request: SignedRequest,
  options: VerifyOptions = {},
): SignatureCheck {
  const { maxAgeSeconds, now = Date.now() } = { ...defaultVerifyOptions, ...options };
  const { signature, timestamp, body } = request;
  if (signature === undefined || timestamp === undefined) return { ok: false, reason: 'missing' };
  if (typeof signature !== 'string' || typeof timestamp !== 'string') return { ok: false, reason: 'malformed' };
  if (!SIGNATURE_HEX.test(signature) || !TIMESTAMP.test(timestamp)) return { ok: false, reason: 'malformed' };

  if (Math.abs(now / 1000 - Number(timestamp)) > maxAgeSeconds) return { ok: false, reason: 'stale' };

  const message = Buffer.concat([Buffer.from(timestamp, 'latin1'), body]);
  const valid = verify(null, message, key, Buffer.from(signature, 'hex'));
  return valid ? { ok: true } : { ok: false, reason: 'invalid' };
}
