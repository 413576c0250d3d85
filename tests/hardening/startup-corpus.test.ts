/**
 * An admin drops broken files into `corpus/` next to a good one and runs `npm start` (the real
 * process, against the stand-in): each bad file is skipped with one warning naming it and why,
 * the good document is served, and members get answers.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatInput } from '../support/interactions.js';
import { startStandIn, type StandIn } from '../support/stand-in.js';
import { accepted, freshUser, root, startBot, type Bot } from '../e2e/harness.js';

const BAD: Record<string, string | Buffer> = {
  'empty.txt': '',
  'binary.txt': Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0x00, 0x10]),
  'latin1.txt': Buffer.from('Caf\xe9 cr\xe8me\n', 'latin1'),
  // Over the 0.05 MB limit set below (the seed is 18 KB).
  'huge.md': `# Huge\n\n${'word '.repeat(14_000)}\n`,
};

let standIn: StandIn;
let bot: Bot;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-startup-'));
  cpSync(join(root, 'corpus'), dir, { recursive: true });
  for (const [name, content] of Object.entries(BAD)) writeFileSync(join(dir, name), content);
  standIn = await startStandIn({ heartbeatIntervalMs: 1_000 });
  bot = await startBot(standIn, { CORPUS_DIR: dir, CORPUS_MAX_FILE_MB: '0.05', LOG_LEVEL: 'info' });
}, 90_000);

afterAll(async () => {
  await (bot as Bot | undefined)?.stop();
  await (standIn as StandIn | undefined)?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start with broken files in the corpus folder', () => {
  it.each(Object.keys(BAD))('skips %s with exactly one warning naming it', (name) => {
    const warnings = bot.lines().filter((l) => (l.level ?? 0) === 40 && String(l.msg).includes(name));
    expect(warnings, bot.output().slice(0, 3000)).toHaveLength(1);
    expect(String(warnings[0]?.msg).length).toBeGreaterThan(name.length + 5); // says why, not just the name
  });

  it('becomes ready serving the good document', () => {
    expect(bot.ready.passages).toBeGreaterThan(10);
  });

  it('answers from it', async () => {
    const body = await accepted(
      await standIn.sendInteraction(
        chatInput('ask', { question: 'why do they keep meeting in Rome?' }, { ...standIn.context, user: freshUser() }),
      ),
    );
    expect(body.data?.embeds?.[0]?.title).toMatch(/Rome/);
  });
});
