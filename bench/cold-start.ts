/**
 * Cold start: process start → ready to answer, rebuilding the index vs loading it from the cache.
 * The generated corpus is written as Markdown files so each child starts exactly like the bot:
 * read corpus/, split, then build — or, warm, hash corpus/ and load the stored corpus and index.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Corpus } from '../src/types.js';
import { makeCorpus, type CorpusName } from './corpora/index.js';
import { nodeArgs, REPO_ROOT } from './child.js';
import type { ColdStartChildResult } from './cold-start-child.js';
import type { ColdStartResult } from './result.js';

export interface ColdStartOptions {
  readonly corpus: CorpusName;
  readonly passages: number;
  /** Timed starts of each kind; the median is reported (default 3). */
  readonly runs?: number;
}

/** Writes a generated corpus as one Markdown file per document (`#` title, `##`/`###` headings). */
export function writeCorpusFiles(corpus: Corpus, dir: string): void {
  mkdirSync(dir, { recursive: true });
  const byDocument = new Map<string, string[]>();
  for (const doc of corpus.documents) byDocument.set(doc.id, [`# ${doc.title}`, '']);
  let lastSection = '';
  for (const p of corpus.passages) {
    const lines = byDocument.get(p.documentId);
    if (!lines) continue;
    if (p.sectionId !== lastSection) {
      lastSection = p.sectionId;
      const depth = p.headingPath.length;
      lines.push(`${'#'.repeat(depth)} ${p.headingPath[depth - 1] ?? ''}`, '');
    }
    lines.push(p.text, '');
  }
  for (const doc of corpus.documents) writeFileSync(join(dir, doc.file), (byDocument.get(doc.id) ?? []).join('\n'));
}

function startOnce(
  corpusDir: string,
  cacheDir: string,
  mode: 'rebuild' | 'cache' | 'prime',
): Promise<ColdStartChildResult & { wallMs: number }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(
      process.execPath,
      nodeArgs('cold-start-child.ts', [corpusDir, cacheDir, mode], { maxOldSpaceMB: 4096 }),
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    let done = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const newline = out.indexOf('\n');
      if (done || newline < 0) return;
      done = true;
      const wallMs = performance.now() - start;
      try {
        resolve({ ...(JSON.parse(out.slice(0, newline)) as ColdStartChildResult), wallMs });
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    child.on('close', (code) => {
      if (!done) reject(new Error(`cold-start child (${mode}) exited with ${code} before it was ready`));
    });
  });
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? Number.NaN;
};

export async function measureColdStart(options: ColdStartOptions): Promise<ColdStartResult> {
  const { corpus: name, passages, runs = 3 } = options;
  const root = join(tmpdir(), `parley-bench-cold-${name}-${passages}-${process.pid}`);
  const corpusDir = join(root, 'corpus');
  const cacheDir = join(root, 'cache');
  rmSync(root, { recursive: true, force: true });
  try {
    writeCorpusFiles(makeCorpus(name, passages), corpusDir);
    let prime = await startOnce(corpusDir, cacheDir, 'prime');
    if (prime.source !== 'built') throw new Error('priming run did not build');
    const rebuild: (ColdStartChildResult & { wallMs: number })[] = [];
    const cache: (ColdStartChildResult & { wallMs: number })[] = [];
    for (let i = 0; i < runs; i++) {
      rebuild.push(await startOnce(corpusDir, cacheDir, 'rebuild'));
      let c = await startOnce(corpusDir, cacheDir, 'cache');
      if (c.source !== 'cache' || c.corpusSource !== 'cache') {
        // The analyzer version can change under a running bench in a shared tree: prime again, once.
        prime = await startOnce(corpusDir, cacheDir, 'prime');
        c = await startOnce(corpusDir, cacheDir, 'cache');
        if (c.source !== 'cache' || c.corpusSource !== 'cache')
          throw new Error('the cache was not used on a warm start');
      }
      cache.push(c);
    }
    const rebuildMs = median(rebuild.map((r) => r.wallMs));
    const cacheMs = median(cache.map((r) => r.wallMs));
    return {
      corpus: name,
      passages: prime.passages,
      runs,
      rebuildMs: Math.round(rebuildMs),
      cacheMs: Math.round(cacheMs),
      rebuildIndexMs: median(rebuild.map((r) => r.indexMs)),
      cacheIndexMs: median(cache.map((r) => r.indexMs)),
      ratio: Math.round((cacheMs / rebuildMs) * 1000) / 1000,
      rebuildCpuMs: median(rebuild.map((r) => r.cpuMs)),
      cacheCpuMs: median(cache.map((r) => r.cpuMs)),
      loadCorpusMs: median(cache.map((r) => r.loadCorpusMs)),
      cacheFileMB: Math.round(statSync(join(cacheDir, 'parley-index.json')).size / 2 ** 20),
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
