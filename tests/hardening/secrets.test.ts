/**
 * The bot token never reaches a log line, an error reply or a crash line. The real `npm start`
 * process runs with a token, is put through what makes bots print things — answers, a question
 * that quotes the token, a reply past the deadline (10062), a 429, a gateway drop, a failed
 * /reload, then a login with a wrong token and a malformed one — and every byte it wrote on
 * stdout and stderr, and every body it sent, is searched for the token. `.env` is git-ignored.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatInput, user } from '../support/interactions.js';
import { startStandIn, type StandIn } from '../support/stand-in.js';
import { accepted, root, runBotToExit, startBot, type Bot } from '../e2e/harness.js';

const OWNER = user({ id: '1197000000000000001', username: 'owner' });

let standIn: StandIn;
let bot: Bot;
let corpusDir: string;
/** Everything the processes of this suite wrote, stdout + stderr. */
const outputs: string[] = [];

/** The token and its secret part (the HMAC after the second dot), each of which must never appear. */
function secretsOf(token: string): string[] {
  const [, , secret, ...more] = token.split('.');
  return [token, ...(secret !== undefined && more.length === 0 && secret.length >= 10 ? [secret] : [])];
}

beforeAll(async () => {
  standIn = await startStandIn({ heartbeatIntervalMs: 1_000 });
  corpusDir = mkdtempSync(join(tmpdir(), 'parley-secrets-'));
  cpSync(join(root, 'corpus'), corpusDir, { recursive: true });
  bot = await startBot(standIn, {
    CORPUS_DIR: corpusDir,
    COOLDOWN_SECONDS: '0',
    LOG_LEVEL: 'debug',
    OWNER_IDS: OWNER.id,
  });
}, 90_000);

afterAll(async () => {
  await (bot as Bot | undefined)?.stop();
  await (standIn as StandIn | undefined)?.close();
  rmSync(corpusDir, { recursive: true, force: true });
});

const send = (
  name: string,
  options: Parameters<typeof chatInput>[1],
  member = user({ id: '1197000000000000002' }),
  deadlineMs?: number,
) =>
  standIn.sendInteraction(
    chatInput(name, options, { ...standIn.context, user: member }),
    deadlineMs === undefined ? {} : { deadlineMs },
  );

describe('a bot run that does everything that prints', () => {
  it('is looked at: the token is token-shaped (so the shape scrubber is exercised too)', () => {
    expect(standIn.token.split('.')).toHaveLength(3);
  });

  it('answers, including a question that quotes the token', async () => {
    await accepted(await send('ask', { question: 'why do they keep meeting in Rome?' }));
    await accepted(await send('ask', { question: `is ${standIn.token} the token?` }));
  });

  it('logs a reply that missed the deadline (10062)', async () => {
    const handle = await send('ask', { question: 'what role does Oman play?' }, undefined, 1);
    await handle.response(10_000);
    await bot.waitForLine((l) => l.msg === 'could not deliver the response');
  });

  it('logs a 429 and a gateway drop', async () => {
    standIn.rateLimitNext(1, 0.2, { match: (method, path) => method === 'POST' && path.endsWith('/callback') });
    await accepted(await send('ask', { question: 'sanctions relief' }));
    await bot.waitForLine((l) => l.msg === 'rate limited');
    await standIn.dropGateway(0, 'terminate');
    await accepted(await send('ask', { question: 'why Rome' }));
  });

  it('answers a failed /reload with an error reply (the corpus folder emptied)', async () => {
    rmSync(corpusDir, { recursive: true, force: true });
    const handle = await send('reload', {}, OWNER);
    const edit = await handle.waitFor((r) => r.method === 'PATCH', 30_000);
    expect((edit.body as { content?: string }).content).toMatch(/⚠️/);
  });

  it('stops', async () => {
    expect(await bot.stop()).toBe(0);
    outputs.push(bot.output());
  });

  it('fails to log in with a wrong token, and with a malformed one, saying so without printing either', async () => {
    const wrong = `${standIn.token.slice(0, -4)}AAAA`;
    const refused = await runBotToExit(standIn, { DISCORD_TOKEN: wrong });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/DISCORD_TOKEN/);
    for (const secret of secretsOf(wrong)) expect(refused.stdout + refused.stderr).not.toContain(secret);
    outputs.push(refused.stdout + refused.stderr);

    const malformed = `${standIn.token} trailing`;
    const bad = await runBotToExit(standIn, { DISCORD_TOKEN: malformed });
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).not.toContain(standIn.token);
    outputs.push(bad.stdout + bad.stderr);
  }, 60_000);
});

describe('what the processes wrote and sent', () => {
  it('produced real output to search (the events above were logged)', () => {
    const all = outputs.join('\n');
    expect(all).toMatch(/could not deliver the response/);
    expect(all).toMatch(/rate limited/);
    expect(all).toMatch(/gateway (reconnecting|resumed)/);
    expect(all).toMatch(/reload requested by an owner failed/);
    expect(all.split('\n').length).toBeGreaterThan(20);
  });

  it('contains the token nowhere: not in any log line on stdout or stderr', () => {
    const lines = outputs.join('\n').split('\n');
    for (const secret of secretsOf(standIn.token)) {
      const hits = lines.filter((line) => line.includes(secret));
      expect(hits, 'log lines with the token').toEqual([]);
    }
  });

  it('contains the token in no reply the bot sent (the body of every request, even the answer to a question quoting it)', () => {
    expect(standIn.captured.length).toBeGreaterThan(5);
    for (const request of standIn.captured) {
      const body = JSON.stringify(request.body ?? '');
      for (const secret of secretsOf(standIn.token))
        expect(body, `${request.method} ${request.path}`).not.toContain(secret);
    }
  });

  it('keeps .env out of git', () => {
    expect(execFileSync('git', ['check-ignore', '.env'], { cwd: root, encoding: 'utf8' }).trim()).toBe('.env');
    expect(execFileSync('git', ['ls-files', '.env'], { cwd: root, encoding: 'utf8' }).trim()).toBe('');
  });
});
