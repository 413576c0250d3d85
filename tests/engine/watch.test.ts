import { appendFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { folderSignature, isRelevantPath, watchFolder, type FolderWatch } from '../../src/engine/watch.js';
import { removeTempDirs, tempDir, waitFor } from './support.js';

const watches: FolderWatch[] = [];
afterEach(async () => {
  for (const w of watches.splice(0)) w.close();
  await removeTempDirs();
});

describe('isRelevantPath', () => {
  it('ignores hidden files, hidden folders and editor backups', () => {
    for (const p of [
      '.notes.md.swp',
      '.DS_Store',
      '.git/index',
      'sub/.hidden.md',
      'notes.md~',
      'notes.md.swp',
      'draft.tmp',
      'big.txt.part',
    ]) {
      expect(isRelevantPath(p), p).toBe(false);
    }
  });

  it('keeps documents, folders, and the ..data link of a Kubernetes volume', () => {
    for (const p of ['notes.md', 'sub/brief.txt', 'sub', '..data', '..2026_11_25_10_00_00.123', '']) {
      expect(isRelevantPath(p), p).toBe(true);
    }
  });
});

describe('watchFolder', () => {
  for (const mode of ['fs-watch', 'poll'] as const) {
    it(`turns a burst of writes into one call (${mode})`, async () => {
      const dir = await tempDir();
      let calls = 0;
      watches.push(watchFolder(dir, () => calls++, { mode, debounceMs: 150, pollIntervalMs: 30 }));
      // Let the poller take its first listing before the burst.
      await new Promise((r) => setTimeout(r, 60));
      for (let i = 0; i < 10; i++) await writeFile(path.join(dir, `doc${i}.txt`), `Title ${i}\n\nText.\n`);
      await waitFor(() => calls > 0, 5000, 'the debounced call');
      await new Promise((r) => setTimeout(r, 300));
      expect(calls).toBe(1);
    });
  }

  it('sees every save of a file saved the way editors do (temp file renamed over it)', async () => {
    const dir = await tempDir();
    await writeFile(path.join(dir, 'notes.md'), '# Notes\n\nOne.\n');
    let calls = 0;
    watches.push(watchFolder(dir, () => calls++, { mode: 'fs-watch', debounceMs: 20 }));
    for (let save = 1; save <= 3; save++) {
      await writeFile(path.join(dir, '.notes.md.tmp'), `# Notes\n\nSave ${save}.\n`);
      await rename(path.join(dir, '.notes.md.tmp'), path.join(dir, 'notes.md'));
      await waitFor(() => calls === save, 5000, `save ${save}`);
    }
  });

  it('sees documents in a sub-folder created after watching started', async () => {
    const dir = await tempDir();
    let calls = 0;
    watches.push(watchFolder(dir, () => calls++, { mode: 'fs-watch', debounceMs: 100 }));
    await mkdir(path.join(dir, 'briefs'));
    await waitFor(() => calls === 1, 5000, 'the new folder');
    await writeFile(path.join(dir, 'briefs', 'a.txt'), 'A\n\nText.\n');
    await waitFor(() => calls === 2, 5000, 'the new document');
    await appendFile(path.join(dir, 'briefs', 'a.txt'), 'More text.\n');
    await waitFor(() => calls === 3, 5000, 'the edit in the sub-folder');
  });

  it('falls back to polling when the folder is removed, and notices it coming back', async () => {
    const dir = await tempDir();
    let calls = 0;
    const reasons: string[] = [];
    const watch = watchFolder(dir, () => calls++, {
      debounceMs: 20,
      pollIntervalMs: 30,
      onFallback: (r) => reasons.push(r),
    });
    watches.push(watch);
    expect(watch.mode).toBe('fs-watch');
    await rm(dir, { recursive: true });
    await waitFor(() => calls === 1 && watch.mode === 'poll', 5000, 'the removal');
    expect(reasons).toHaveLength(1);
    await mkdir(dir);
    await writeFile(path.join(dir, 'back.txt'), 'Back\n\nAgain.\n');
    await waitFor(() => calls >= 2, 5000, 'the re-created folder');
  });

  it('does not call after close()', async () => {
    const dir = await tempDir();
    let calls = 0;
    const watch = watchFolder(dir, () => calls++, { debounceMs: 20 });
    await writeFile(path.join(dir, 'a.txt'), 'A\n\nText.\n');
    watch.close();
    await new Promise((r) => setTimeout(r, 150));
    expect(calls).toBe(0);
  });
});

describe('folderSignature', () => {
  it('changes when a file is added, grows or goes, and not otherwise', async () => {
    const dir = await tempDir();
    const empty = await folderSignature(dir);
    await writeFile(path.join(dir, 'a.txt'), 'one');
    const one = await folderSignature(dir);
    expect(one).not.toBe(empty);
    expect(await folderSignature(dir)).toBe(one);
    await writeFile(path.join(dir, 'a.txt'), 'one two');
    expect(await folderSignature(dir)).not.toBe(one);
    await writeFile(path.join(dir, '.swap'), 'hidden');
    await rm(path.join(dir, 'a.txt'));
    expect(await folderSignature(dir)).toBe(empty);
    await rm(dir, { recursive: true });
    expect(await folderSignature(dir)).not.toBe(empty);
  });
});
