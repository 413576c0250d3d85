/**
 * `npm run ask` answers from the corpus the bot serves: the same configuration (here
 * CORPUS_MAX_FILE_MB) through the same load path and the same index cache.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toJson } from '../../src/cli/ask-output.js';
import { readConfig } from '../../src/config.js';
import { Engine, type EngineLogger } from '../../src/engine/engine.js';
import { engineOptions } from '../../src/engine/from-config.js';

const silent: EngineLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Runs `npm run ask` as the process it is (tsx, the real entry point), questions on stdin. */
function askBatch(
  input: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ask.ts', '--json', '--batch', '--limit', '5'], {
      env: { ...process.env, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

const GARDEN =
  '# Garden notes\n\n## Tomatoes\n\nTomatoes need six hours of sun a day and a deep watering twice a week.\n';
const HARBOUR =
  '# Harbour notes\n\n## Breakwater\n\nThe port authority will extend the northern breakwater by four hundred metres.\n';
/** Over 2 KB, and it answers both an own question and the garden one: left in, it would show. */
const ARCHIVE = [
  '# Quarry archive',
  '',
  '## Zanzibarite',
  '',
  ...Array.from(
    { length: 30 },
    (_, i) =>
      `The zanzibarite quarry shipped stone for the breakwater in year ${i + 1}; tomatoes grew by the quarry wall in the sun.\n`,
  ),
].join('\n');
const QUESTIONS = [
  'how much sun do tomatoes need?',
  'where does the zanzibarite stone come from?',
  'breakwater extension',
  '',
];

describe('npm run ask and the bot under the same CORPUS_MAX_FILE_MB', () => {
  let root: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'parley-ask-corpus-'));
    const corpusDir = path.join(root, 'corpus');
    await mkdir(corpusDir);
    await writeFile(path.join(corpusDir, 'garden.md'), GARDEN);
    await writeFile(path.join(corpusDir, 'harbour.md'), HARBOUR);
    await writeFile(path.join(corpusDir, 'archive.md'), ARCHIVE);
    // 0.002 MB = 2,097 bytes: garden.md and harbour.md fit, archive.md does not.
    env = {
      CORPUS_DIR: corpusDir,
      CORPUS_MAX_FILE_MB: '0.002',
      INDEX_CACHE_DIR: path.join(root, 'cache'),
      PARLEY_MODE: '',
      DISCORD_TOKEN: '',
    };
    expect(Buffer.byteLength(ARCHIVE)).toBeGreaterThan(0.002 * 1024 * 1024);
    for (const small of [GARDEN, HARBOUR]) expect(Buffer.byteLength(small)).toBeLessThan(0.002 * 1024 * 1024);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('serves the over-limit file when the limit allows it (so leaving it out below is the limit at work)', async () => {
    const config = readConfig({ ...env, CORPUS_MAX_FILE_MB: '5', INDEX_CACHE_DIR: 'none' }, 'start');
    if (!config.ok) throw new Error(config.error);
    const started = await Engine.start({ ...engineOptions(config.config), logger: silent });
    if (started.kind !== 'ready') throw new Error(started.message);
    started.engine.close();
    expect(started.engine.current.corpus.documents.map((d) => d.file).sort()).toEqual([
      'archive.md',
      'garden.md',
      'harbour.md',
    ]);
    const answer = toJson(started.engine.current.ask(QUESTIONS[1] as string, { limit: 5 }));
    expect(answer.kind === 'answer' && answer.results.map((r) => r.document)).toContain('Quarry archive');
  });

  it('gives, line for line, the answers the bot gives, from the same corpus and the same cache', async () => {
    const cli = await askBatch(`${QUESTIONS.join('\n')}\n`, env);
    expect(cli.code).toBe(0);
    // The skipped file is named on stderr, as the bot logs it.
    expect(cli.stderr).toMatch(/archive\.md/);
    const lines = cli.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as unknown);
    expect(lines).toHaveLength(QUESTIONS.length);

    // The bot's path: its configuration read from the same environment, then Engine.start as main.ts calls it.
    const config = readConfig(env, 'start');
    if (!config.ok) throw new Error(config.error);
    const started = await Engine.start({ ...engineOptions(config.config), logger: silent });
    if (started.kind !== 'ready') throw new Error(started.message);
    started.engine.close();
    const bot = started.engine.current;

    expect(bot.corpus.documents.map((d) => d.file).sort()).toEqual(['garden.md', 'harbour.md']);
    expect(started.problems).toContainEqual(expect.objectContaining({ file: 'archive.md', severity: 'error' }));
    // What `ask` parsed and built was saved where the bot looks, under the key the bot computes.
    expect(await readdir(path.join(root, 'cache'))).toEqual(
      expect.arrayContaining(['parley-corpus.json', 'parley-index.json']),
    );
    expect([started.corpusSource, started.source]).toEqual(['cache', 'cache']);

    QUESTIONS.forEach((question, i) => {
      expect(lines[i], question).toEqual(toJson(bot.ask(question, { limit: 5 })));
    });
    const documents = lines.flatMap((line) =>
      ((line as { results?: { document: string }[] }).results ?? []).map((r) => r.document),
    );
    expect(documents).toContain('Garden notes');
    expect(documents).not.toContain('Quarry archive');
  }, 90_000); // a process and an engine start, on a machine that may be busy
});
