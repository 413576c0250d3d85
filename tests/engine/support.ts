/** Helpers for the engine tests: temp corpora, a recording logger, waiting without fixed sleeps. */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineLogger } from '../../src/engine/engine.js';

export const SEED_DIR = fileURLToPath(new URL('../../corpus', import.meta.url));

/** A Markdown document unrelated to the seed, so its passages are easy to tell apart. */
export const HARBOUR_MD = [
  '# Harbour Notes',
  '',
  '## Breakwater',
  '',
  'The port authority will extend the northern breakwater by four hundred metres over three years.',
  '',
  '## Funding',
  '',
  // Over 120 characters, so a paragraph added after it stays a passage of its own.
  'The regional government covers most of the cost; the rest is borrowed against future harbour dues over the next twenty years.',
  '',
].join('\n');

/**
 * ~48 MB of ordinary Markdown: seconds to parse for any parser. Tests of the per-file parse
 * budget set the budget to a second (the seed parses in milliseconds, even cold on a busy
 * machine) and use this as the slow file, so they hold whatever the parser's speed.
 */
export function slowDocument(): string {
  const paragraph =
    'The pilot boards inbound vessels at the fairway buoy, and the harbour master settles disputes about the quay. ';
  const block = Array.from({ length: 100 }, (_, i) => `## Section ${i}\n\n${paragraph.repeat(10)}\n`).join('\n');
  return `# Harbour Archive\n\n${block.repeat(435)}`;
}

const made: string[] = [];

/** A fresh temp folder holding a copy of `corpus/` (the seed), plus `extra` files. */
export async function tempCorpus(extra: Record<string, string | Uint8Array> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'parley-engine-'));
  made.push(dir);
  await cp(SEED_DIR, dir, { recursive: true });
  for (const [name, content] of Object.entries(extra)) await writeFile(path.join(dir, name), content);
  return dir;
}

/** An empty temp folder. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'parley-engine-'));
  made.push(dir);
  return dir;
}

export async function removeTempDirs(): Promise<void> {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

export interface LogLine {
  readonly level: 'info' | 'warn' | 'error';
  readonly fields: object;
  readonly message: string;
}

/** A pino-shaped logger that keeps every line. */
export function recordingLogger(): EngineLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (fields, message) => void lines.push({ level: 'info', fields, message }),
    warn: (fields, message) => void lines.push({ level: 'warn', fields, message }),
    error: (fields, message) => void lines.push({ level: 'error', fields, message }),
  };
}

export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Polls `condition` every 20 ms until it holds; fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
