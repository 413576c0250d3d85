import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assert, describe, expect, it } from 'vitest';

/** The fields of `npm run ask --json` this file reads (the contract's others are checked by key). */
interface AskJson {
  readonly kind: string;
  readonly results?: ReadonlyArray<{ readonly text: string; readonly headingPath: unknown }>;
  readonly suggestions?: unknown;
}
const parseAsk = (line: string): AskJson => JSON.parse(line) as AskJson;

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the ask CLI as a child process, feeding `input` on stdin (stdin is then not a terminal). */
function askCli(args: string[], input = '', env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/ask.ts', ...args], {
      // No cache folder: these tests share the seed corpus and run in parallel (ask-corpus.test.ts covers the cache).
      env: { ...process.env, CORPUS_DIR: '', INDEX_CACHE_DIR: 'none', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

describe('ask CLI', () => {
  it('--json prints exactly one JSON object with the ranked passages', async () => {
    const { code, stdout } = await askCli(['--json', 'What enrichment level would Iran go back to?']);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const body = parseAsk(lines[0] ?? '');
    expect(body.kind).toBe('answer');
    expect(body.results).toHaveLength(3);
    const top = body.results?.[0];
    assert.exists(top);
    expect(Object.keys(top).sort()).toEqual(['bestSentence', 'document', 'headingPath', 'id', 'score', 'text']);
    expect(top.text).toContain('3.67%');
    expect(Array.isArray(top.headingPath)).toBe(true);
  });

  it('--json gives no-match with suggestions for an off-topic question', async () => {
    const { code, stdout } = await askCli(['--json', "what's the weather in Paris"]);
    expect(code).toBe(0);
    const body = parseAsk(stdout);
    expect(body.kind).toBe('no-match');
    expect(Array.isArray(body.suggestions)).toBe(true);
  });

  it('--batch answers one JSON line per input line, in order, a blank line being a no-match', async () => {
    const input = 'why do they keep meeting in Rome?\n\nwho is Majid Farahani\n';
    const { code, stdout } = await askCli(['--batch', '--limit', '2'], input);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n').map(parseAsk);
    expect(lines.map((l) => l.kind)).toEqual(['answer', 'no-match', 'answer']);
    expect(lines[0]?.results).toHaveLength(2);
    expect(lines[2]?.results?.[0]?.text).toContain('Majid Farahani');
  });

  it.each([['0'], ['11'], ['three'], ['2.5']])('rejects --limit %s with a clear error and no stdout', async (limit) => {
    const { code, stdout, stderr } = await askCli(['--json', '--limit', limit, 'Rome']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/--limit must be/);
  });

  it('prints readable passages with their heading path and score', async () => {
    const { code, stdout } = await askCli(['--limit', '1', 'hostage crisis embassy']);
    expect(code).toBe(0);
    expect(stdout).toContain('Historical Context: Why Talks Are So Crucial');
    expect(stdout).toMatch(/score \d+\.\d\d/);
  });

  it('honours CORPUS_DIR and keeps corpus warnings off stdout in --json mode', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-ask-'));
    try {
      await writeFile(
        path.join(dir, 'notes.md'),
        '# Garden notes\n\n## Tomatoes\n\nTomatoes need six hours of sun a day.\n',
      );
      await writeFile(path.join(dir, 'broken.txt'), Buffer.from([0xff, 0xfe, 0x00, 0x41]));
      const { code, stdout } = await askCli(['--json', 'how much sun do tomatoes need'], '', { CORPUS_DIR: dir });
      expect(code).toBe(0);
      const body = parseAsk(stdout);
      expect(body.kind).toBe('answer');
      expect(body.results?.[0]?.text).toContain('six hours of sun');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
