/**
 * A kill between writing a cache file and renaming it into place leaves its temporary file. The
 * next start removes such leftovers — and only those: a live process's write in progress and
 * files that are not cache temporaries stay.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { removeStaleTempFiles } from '../../src/search/cache.js';
import { recordingLogger, removeTempDirs, tempCorpus, tempDir } from './support.js';

afterEach(removeTempDirs);

/** The id of a process that has exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid as number;
}

describe('leftover cache temporary files', () => {
  it('are removed when Engine.start opens the cache folder, leaving everything else', async () => {
    const dir = await tempCorpus();
    const cacheDir = await tempDir();
    const dead = await deadPid();
    const leftovers = [
      `parley-index.json.${dead}.0a1b2c3d.tmp`,
      `parley-corpus.json.${dead}.deadbeef.tmp`,
      // In a container the restarted bot often gets the killed one's id.
      `parley-index.json.${process.pid}.12345678.tmp`,
    ];
    const kept = [
      // A live process (here our parent) writing the same folder right now.
      `parley-index.json.${process.ppid}.aaaaaaaa.tmp`,
      'notes.tmp',
      'parley-index.json.old',
    ];
    for (const name of [...leftovers, ...kept]) await writeFile(path.join(cacheDir, name), 'partial');
    const logger = recordingLogger();
    const started = await Engine.start({ corpusDir: dir, cacheDir, logger });
    if (started.kind !== 'ready') throw new Error('expected a ready engine');
    started.engine.close();
    const names = await readdir(cacheDir);
    for (const name of leftovers) expect(names).not.toContain(name);
    expect(names).toEqual(expect.arrayContaining(kept));
    expect(
      logger.lines.some((l) => (l.fields as { code?: string }).code === 'temp-removed' && l.message.includes('3')),
    ).toBe(true);
  });

  it('counts a live process’s temporary file as stale once it is over an hour old', async () => {
    const cacheDir = await tempDir();
    const file = path.join(cacheDir, `parley-index.json.${process.ppid}.bbbbbbbb.tmp`);
    await writeFile(file, 'partial');
    expect(await removeStaleTempFiles(cacheDir)).toBe(0);
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await utimes(file, twoHoursAgo, twoHoursAgo);
    expect(await removeStaleTempFiles(cacheDir)).toBe(1);
    expect(await readdir(cacheDir)).toEqual([]);
  });

  it('does nothing when the cache folder does not exist yet', async () => {
    const cacheDir = path.join(await tempDir(), 'not-yet');
    expect(await removeStaleTempFiles(cacheDir)).toBe(0);
  });
});
