/** Signs requests the way Discord does, with a key pair generated for the test run. */
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

export interface TestKeys {
  /** The public key as the developer portal shows it: 64 hex characters. */
  readonly publicKeyHex: string;
  readonly privateKey: KeyObject;
}

export function generateTestKeys(): TestKeys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return { publicKeyHex: spki.subarray(spki.length - 32).toString('hex'), privateKey };
}

export function signBody(privateKey: KeyObject, timestamp: string, body: string | Buffer): string {
  return sign(null, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), privateKey).toString('hex');
}

/** Headers of a correctly signed JSON request, timestamped now unless told otherwise. */
export function signedHeaders(
  privateKey: KeyObject,
  body: string | Buffer,
  timestamp = String(Math.floor(Date.now() / 1000)),
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-signature-ed25519': signBody(privateKey, timestamp, body),
    'x-signature-timestamp': timestamp,
  };
}
