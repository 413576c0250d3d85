/**
 * Fault injection on top of the embedded Discord (src/preview/discord): dropping gateway
 * connections in each of the ways a real connection dies, and answering REST requests 429.
 * Tests only — the preview never does this.
 */
import { Gateway } from '../../src/preview/discord/gateway.js';
import type { Interception } from '../../src/preview/discord/rest.js';

/** How a connection is dropped by {@link FaultyGateway.drop}. */
export type DropMode =
  /** Close with 4000 (unknown error): the session stays resumable, the client resumes. */
  | 'resume'
  /** Cut the TCP connection without a close frame (the client sees 1006 and resumes). */
  | 'terminate'
  /** Send op 7 RECONNECT: the client closes and resumes. */
  | 'reconnect'
  /** Forget the session, then close with 4000: the RESUME gets op 9 (false) and the client re-identifies. */
  | 'invalidate'
  /**
   * Keep the socket open but send nothing on it — no heartbeat ACKs, no dispatches (they are kept
   * for replay): a half-open "zombie" connection. The client notices a missed ACK at its next
   * heartbeat, closes and resumes (about two heartbeat intervals).
   */
  | 'silence';

/** The embedded gateway plus `drop()`. */
export class FaultyGateway extends Gateway {
  /** Drops the live connection of `shardId`; returns false when that shard had none. */
  drop(shardId: number, mode: DropMode): boolean {
    const session = this.shards.get(shardId);
    const connection = session?.connection;
    if (!session || !connection) return false;
    switch (mode) {
      case 'terminate':
        connection.ws.terminate();
        break;
      case 'reconnect':
        this.send(connection.ws, { op: 7, d: null });
        break;
      case 'silence':
        this.silenced.add(connection.ws);
        // Dispatches from now on wait in the session for the RESUME.
        session.connection = undefined;
        break;
      case 'invalidate':
        session.resumable = false;
        // Nothing more goes to this session, even before the close handshake ends.
        session.connection = undefined;
        connection.ws.close(4000, 'Unknown error.');
        break;
      default:
        connection.ws.close(4000, 'Unknown error.');
    }
    return true;
  }
}

/** One queued run of 429 answers (see `rateLimitNext`). */
export interface RestRateLimit {
  remaining: number;
  retryAfterSeconds: number;
  global: boolean;
  match?: (method: string, path: string) => boolean;
}

/**
 * A queue of 429s for the REST API: `intercept` answers the next matching requests with
 * `retry_after`, `Retry-After` and the `X-RateLimit-*` headers discord.js reads.
 */
export function rateLimiter(): {
  push(limit: RestRateLimit): void;
  intercept(method: string, path: string): Interception | undefined;
} {
  const limits: RestRateLimit[] = [];
  return {
    push: (limit) => limits.push(limit),
    intercept(method, path) {
      const limit = limits[0];
      if (!limit || (limit.match && !limit.match(method, path))) return undefined;
      limit.remaining -= 1;
      if (limit.remaining <= 0) limits.shift();
      const after = limit.retryAfterSeconds;
      return {
        status: 429,
        rateLimited: true,
        body: { message: 'You are being rate limited.', retry_after: after, global: limit.global, code: 0 },
        headers: {
          'retry-after': String(after),
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': (Date.now() / 1000 + after).toFixed(3),
          'x-ratelimit-reset-after': String(after),
          'x-ratelimit-bucket': 'stand-in-bucket',
          'x-ratelimit-scope': limit.global ? 'global' : 'user',
          ...(limit.global ? { 'x-ratelimit-global': 'true' } : {}),
        },
      };
    },
  };
}
