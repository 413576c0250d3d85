/**
 * Keep-alive clients that send signed `/ask` commands back to back, as a proxy's connection pool
 * does, until their next connection is refused: what a shutdown must not lose a request of.
 */
import { Agent, request } from 'node:http';
import type { KeyObject } from 'node:crypto';
import { chatInput } from '../support/interactions.js';
import { signedHeaders } from './signing.js';

export interface KeepAliveOutcome {
  /** 200 answers. */
  answered: number;
  /** Answers received after `markStopping()`, and how many of them said `Connection: close`. */
  answeredAfterStop: number;
  closeHeaders: number;
  /** New connections refused (the request was never sent: safe to retry elsewhere). */
  refused: number;
  /** Requests lost on a connection cut under them (ECONNRESET, socket hang up). */
  reset: number;
  /** Anything else: unexpected statuses or errors. */
  other: string[];
}

export interface KeepAliveLoad {
  readonly outcome: KeepAliveOutcome;
  /** From now on, answers count as answered after the stop. */
  markStopping(): void;
  /** Resolves when every client has stopped (refused, or `maxRequests` sent). */
  readonly done: Promise<void>;
}

/** An `/ask` command body as Discord sends it, ready to sign. */
export function askCommandBody(): string {
  return JSON.stringify(chatInput('ask', { question: 'why do they meet in Rome?' }));
}

/**
 * Starts `clients` keep-alive clients against `url` (`…/interactions`).
 *
 * @example
 * const load = startKeepAliveLoad(`${base}/interactions`, keys.privateKey, 16);
 * load.markStopping(); bot.kill('SIGTERM'); await load.done; // load.outcome.reset === 0
 */
export function startKeepAliveLoad(
  url: string,
  privateKey: KeyObject,
  clients: number,
  maxRequests = 2_000,
): KeepAliveLoad {
  const outcome: KeepAliveOutcome = {
    answered: 0,
    answeredAfterStop: 0,
    closeHeaders: 0,
    refused: 0,
    reset: 0,
    other: [],
  };
  let stopping = false;
  const client = async (): Promise<void> => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let sent = 0; sent < maxRequests; sent += 1) {
        const body = askCommandBody();
        const result = await new Promise<string>((resolve) => {
          const req = request(url, { method: 'POST', agent, headers: signedHeaders(privateKey, body) }, (res) => {
            res.resume();
            res.on('end', () => {
              if (stopping) {
                outcome.answeredAfterStop += 1;
                if (res.headers.connection === 'close') outcome.closeHeaders += 1;
              }
              resolve(res.statusCode === 200 ? 'ok' : `status ${res.statusCode}`);
            });
          });
          req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
          req.end(body);
        });
        if (result === 'ok') outcome.answered += 1;
        else if (result === 'ECONNREFUSED') {
          outcome.refused += 1;
          return;
        } else if (result === 'ECONNRESET' || /hang up/i.test(result)) outcome.reset += 1;
        else outcome.other.push(result);
      }
    } finally {
      agent.destroy();
    }
  };
  const done = Promise.all(Array.from({ length: clients }, () => client())).then(() => undefined);
  return { outcome, markStopping: () => (stopping = true), done };
}
