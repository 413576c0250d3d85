/**
 * Start-up refuses a corpus folder that is plainly not one, with the one line an admin sees: the
 * file system's root (it used to read for 90 s and reach 714 MB without becoming ready) and a
 * folder past the file limit.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { removeTempDirs, tempCorpus } from './support.js';

afterEach(removeTempDirs);

describe('Engine.start on a folder that is not a corpus', () => {
  it('refuses CORPUS_DIR=/ at once, saying why', async () => {
    const started = await Engine.start({ corpusDir: '/' });
    expect(started.kind).toBe('no-document');
    if (started.kind !== 'no-document') return;
    expect(started.message).toMatch(
      /^No usable document in \/ \(corpus folder \/ is the root of the file system; refusing to read it all/,
    );
  });

  it('refuses a folder holding more entries than maxFiles, naming the setting', async () => {
    const dir = await tempCorpus();
    for (let i = 0; i < 5; i++) await writeFile(path.join(dir, `note${i}.txt`), `Note ${i}\n\nA note.\n`);
    const started = await Engine.start({ corpusDir: dir, load: { maxFiles: 4 } });
    expect(started.kind).toBe('no-document');
    if (started.kind !== 'no-document') return;
    expect(started.message).toMatch(/more than 4 files and folders.*CORPUS_MAX_FILES/);
  });
});
