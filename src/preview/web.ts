/**
 * The preview page's server, on 127.0.0.1 only: the page itself (three static files), a small
 * JSON API the page acts through (each call becomes an interaction on the embedded Discord), and
 * a server-sent event stream that says when the corpus was reloaded.
 *
 * Only this machine can reach it: it listens on loopback, and answers only requests addressed to
 * `127.0.0.1:PORT` or `localhost:PORT` (so a web page elsewhere cannot reach it through DNS
 * rebinding) whose bodies are JSON (so a plain cross-site form cannot post to it).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import type { Searcher } from '../types.js';
import type { Channel, Outcome } from './channel.js';
import { corpusView, type CorpusView } from './corpus-view.js';
import type { EmbeddedDiscord } from './discord/server.js';

/** The address the preview listens on; never another interface. */
export const PREVIEW_HOST = '127.0.0.1';
/** How often the server looks for a swapped index (hot reload) to tell the page. */
const RELOAD_POLL_MS = 300;
const MAX_BODY_BYTES = 64 * 1024;

const PAGE_FILES: Record<string, string> = {
  '/': 'index.html',
  '/app.js': 'app.js',
  '/style.css': 'style.css',
};
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** The page's folder: beside this file, or in src/ when this file runs from a compiled build. */
function pageDir(): string {
  const here = fileURLToPath(new URL('./page/', import.meta.url));
  if (existsSync(here)) return here;
  return fileURLToPath(new URL('../../../src/preview/page/', import.meta.url));
}

export interface PageServerOptions {
  readonly port: number;
  readonly discord: EmbeddedDiscord;
  readonly channel: Channel;
  readonly getSearcher: () => Searcher;
  readonly corpusDir: string;
  readonly logger: Logger;
}

export interface PageServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

class BadRequest extends Error {}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new BadRequest('request too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      let value: unknown;
      try {
        value = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch (error) {
        if (!(error instanceof SyntaxError)) throw error;
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        reject(new BadRequest('the body must be a JSON object'));
      else resolve(value as Record<string, unknown>);
    });
    req.on('error', reject);
  });
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};

/**
 * Serves the preview page on 127.0.0.1. Rejects (with `code` EADDRINUSE) when the port is taken.
 *
 * @example
 * const page = await servePage({ port: 3000, discord, channel, getSearcher, corpusDir: 'corpus', logger });
 */
export async function servePage(options: PageServerOptions): Promise<PageServer> {
  const { discord, channel, logger } = options;
  const dir = pageDir();
  const files = new Map<string, { body: Buffer; type: string }>();
  for (const [path, file] of Object.entries(PAGE_FILES)) {
    files.set(path, { body: readFileSync(`${dir}${file}`), type: TYPES[file.split('.').pop() ?? ''] ?? 'text/plain' });
  }
  let port = options.port;
  const allowedHosts = () => new Set([`${PREVIEW_HOST}:${port}`, `localhost:${port}`]);

  let view: { searcher: Searcher; view: CorpusView } | undefined;
  const corpus = (): CorpusView => {
    const searcher = options.getSearcher();
    if (view?.searcher !== searcher) view = { searcher, view: corpusView(searcher, options.corpusDir) };
    return view.view;
  };

  const streams = new Set<ServerResponse>();
  let served = options.getSearcher();
  const poll = setInterval(() => {
    const current = options.getSearcher();
    if (current === served) return;
    served = current;
    const { builtAt, documents, passages } = corpus();
    const event = `event: corpus\ndata: ${JSON.stringify({ builtAt, documents: documents.length, passages })}\n\n`;
    for (const stream of streams) stream.write(event);
  }, RELOAD_POLL_MS);
  poll.unref();

  const api = async (path: string, body: Record<string, unknown>): Promise<unknown> => {
    const member = text(body.member) || undefined;
    switch (path) {
      case '/api/post':
        return channel.post(member, text(body.text));
      case '/api/command':
        return channel.command(member, text(body.name), record(body.options));
      case '/api/autocomplete':
        return channel.autocomplete(member, text(body.name), record(body.options), text(body.focused));
      case '/api/click':
        return channel.click(
          member,
          text(body.messageId),
          text(body.customId),
          Array.isArray(body.values) ? body.values.map(String) : undefined,
        );
      case '/api/message-command':
        return channel.messageCommand(member, text(body.name), text(body.messageId));
      case '/api/dismiss':
        return { dismissed: channel.dismiss(text(body.messageId)) };
      default:
        return undefined;
    }
  };

  const state = () => ({
    bot: { id: discord.botUser.id, name: discord.botUser.username },
    guild: discord.guilds[0]?.name ?? 'Preview',
    members: channel.members.map(({ id, name }) => ({ id, name })),
    commands: discord
      .commands(discord.guildId)
      .map((c) => ({ name: c.name, type: c.type, description: c.description, options: c.options ?? [] })),
    messages: channel.list(),
    corpus: corpus(),
  });

  const send = (res: ServerResponse, status: number, value: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(value));
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://preview');
      if (!allowedHosts().has(req.headers.host ?? '')) {
        res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('The Parley preview answers only http://127.0.0.1 and http://localhost on this machine.\n');
        return;
      }
      try {
        if (req.method === 'GET') {
          const file = files.get(url.pathname);
          if (file) {
            res.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-store' });
            res.end(file.body);
            return;
          }
          if (url.pathname === '/api/state') {
            send(res, 200, state());
            return;
          }
          if (url.pathname === '/api/corpus') {
            send(res, 200, corpus());
            return;
          }
          if (url.pathname === '/api/events') {
            res.writeHead(200, {
              'content-type': 'text/event-stream',
              'cache-control': 'no-store',
              connection: 'keep-alive',
            });
            res.write(': connected\n\n');
            streams.add(res);
            req.on('close', () => streams.delete(res));
            return;
          }
        } else if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
          if (!(req.headers['content-type'] ?? '').includes('application/json')) throw new BadRequest('send JSON');
          const outcome = (await api(url.pathname, await readJson(req))) as Outcome | undefined;
          if (outcome !== undefined) {
            send(res, 200, outcome);
            return;
          }
        }
        send(res, 404, { error: 'not found' });
      } catch (error) {
        if (error instanceof BadRequest) {
          send(res, 400, { error: error.message });
          return;
        }
        logger.error({ err: error, path: url.pathname }, 'preview page request failed');
        send(res, 500, { error: 'the preview failed on this request; see the terminal' });
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, PREVIEW_HOST, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${PREVIEW_HOST}:${port}`,
    port,
    close: async () => {
      clearInterval(poll);
      for (const stream of streams) stream.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
