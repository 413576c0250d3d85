import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const GOOD = 'tests/fixtures/corpus/good';

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

async function validate(args: string[], env: Record<string, string> = {}): Promise<Result> {
  try {
    const { stdout, stderr } = await run('npx', ['tsx', 'src/cli/validate-corpus.ts', ...args], {
      // No cache folder: the tests run in parallel over the same folders.
      env: { ...process.env, CORPUS_DIR: '', CORPUS_MAX_FILE_MB: '', INDEX_CACHE_DIR: 'none', ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

let bad: string;
beforeAll(async () => {
  bad = await mkdtemp(path.join(tmpdir(), 'parley-validate-'));
  await cp(GOOD, bad, { recursive: true });
  await writeFile(path.join(bad, 'empty.txt'), '');
  await writeFile(
    path.join(bad, 'latin1.txt'),
    Buffer.concat([Buffer.from('Title\nline two\nbad '), Buffer.from([0xe9]), Buffer.from('\n')]),
  );
  await writeFile(path.join(bad, 'dup.md'), '# Dup\n\n## Same\n\nOne.\n\n## Same\n\nTwo.\n');
});
afterAll(async () => {
  await rm(bad, { recursive: true, force: true });
});

describe('npm run validate-corpus', () => {
  it('passes a good corpus and prints the documents, sections and passages it found', async () => {
    const r = await validate(['--dir', GOOD]);
    expect(r.code).toBe(0);
    // Two short paragraphs join their neighbours (a passage is never a lone fragment).
    expect(r.stdout).toContain(`corpus ${GOOD}: 2 documents, 7 sections, 7 passages`);
    expect(r.stdout).toMatch(/^OK: 0 error\(s\), 0 warning\(s\)$/m);
  });

  it("prints each document's outline with --outline, headings with no text of their own included", async () => {
    const r = await validate(['--dir', 'tests/fixtures/corpora/xz-readme', '--outline']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      [
        'xz-readme.txt: "XZ Utils"',
        '  0. Overview  (line 17, 7 passages)',
        '  1. Documentation  (line 65, no text of its own)',
        '    1.1. Overall documentation  (line 68, 2 passages)',
      ].join('\n'),
    );
    expect(r.stdout).toMatch(/^OK: 0 error\(s\), 0 warning\(s\)$/m);
  });

  it('warns about suspicious shapes: a hard-wrapped document whose line breaks became paragraph breaks', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-shape-'));
    try {
      const lines = Array.from({ length: 12 }, (_, i) => `Line ${i + 1} of a note about the club`);
      await writeFile(path.join(dir, 'note.txt'), `Club Note\n\nMeetings\n\n${lines.join('\n\n')}\n`);
      const r = await validate(['--dir', dir, '--outline']);
      expect(r.stdout).toMatch(/note\.txt:\d+: warning: \d+ of \d+ (?:passages|paragraphs) are under 80 characters/);
      expect(r.stdout).toMatch(/^OK: 0 error\(s\), [1-9]\d* warning\(s\)$/m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('passes the seed corpus', async () => {
    const r = await validate(['--dir', 'corpus']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 document, 11 sections, \d+ passages/);
    // What was left out on purpose is shown, so an admin can check the boilerplate guess.
    expect(r.stdout).toContain('corpus/iran-us-talks.txt:4-11: note: not indexed (table of contents)');
    expect(r.stdout).toContain('corpus/iran-us-talks.txt:42-52: note: not indexed (boilerplate)');
  });

  it('fails a corpus with a skipped file and prints each problem as file:line', async () => {
    const r = await validate(['--dir', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${path.join(bad, 'latin1.txt')}:3: error: is not valid UTF-8`);
    expect(r.stdout).toContain(`${path.join(bad, 'empty.txt')}: error: the file is empty`);
    expect(r.stdout).toContain(`${path.join(bad, 'dup.md')}:7: warning: duplicate heading "Same"`);
    expect(r.stdout).toContain('3 documents');
    expect(r.stdout).toMatch(/^FAILED: 2 error\(s\), 1 warning\(s\)$/m);
  });

  it('reads the folder from CORPUS_DIR when --dir is not given', async () => {
    const r = await validate([], { CORPUS_DIR: bad });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`corpus ${bad}:`);
  });

  it('fails with one clear error when there is no usable document', async () => {
    const r = await validate(['--dir', path.join(bad, 'missing')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/missing: error: corpus folder .* does not exist/);
  });

  it('fails on warnings with --strict, and exits 2 on a usage mistake', async () => {
    const dupOnly = await mkdtemp(path.join(tmpdir(), 'parley-strict-'));
    try {
      await cp(path.join(bad, 'dup.md'), path.join(dupOnly, 'dup.md'));
      expect((await validate(['--dir', dupOnly])).code).toBe(0);
      expect((await validate(['--dir', dupOnly, '--strict'])).code).toBe(1);
      const usage = await validate(['--bogus']);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/Usage: npm run validate-corpus/);
    } finally {
      await rm(dupOnly, { recursive: true, force: true });
    }
  }, 90_000); // three processes, on a machine that may be busy

  it('applies --max-file-bytes', async () => {
    const r = await validate(['--dir', GOOD, '--max-file-bytes', '300']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/deploy\.md: error: is .* over the 300 bytes limit/);
  });
});

describe('validate-corpus size limit from the environment', () => {
  it('reads CORPUS_MAX_FILE_MB as the bot does, and refuses what the bot refuses with the same line', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'parley-limit-'));
    try {
      await cp(GOOD, dir, { recursive: true });
      await writeFile(path.join(dir, 'big.md'), `# Big\n\n${'A sentence about the harbour. '.repeat(60)}\n`);
      // 0.001 MB (the smallest the bot accepts) = 1,049 bytes: big.md is over it, the others are not.
      const r = await validate(['--dir', dir], { CORPUS_MAX_FILE_MB: '0.001' });
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/big\.md: error: is .* over the 1\.0 KB limit/);
      expect(r.stdout).toMatch(/FAILED: 1 error\(s\)/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    for (const value of ['lots', '0.0003']) {
      const bad = await validate(['--dir', GOOD], { CORPUS_MAX_FILE_MB: value });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(
        new RegExp(`CORPUS_MAX_FILE_MB is not valid \\("${value}"\\): use a size in megabytes`),
      );
    }
  }, 90_000); // three processes, on a machine that may be busy
});
