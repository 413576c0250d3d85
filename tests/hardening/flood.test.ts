/**
 * A flood through the real `npm start` process: 5,000 interactions from 200 members over ~20 s,
 * sent through the stand-in (loopback) with Discord's 3-second deadline enforced. Every one must
 * get a first response the stand-in accepts — no 10062 Unknown interaction — and that response
 * must be an answer, a no-match note, autocomplete choices, or a polite ephemeral cooldown or
 * "busy" note; the process must stay up and under a memory bound. Bounded in count and time.
 */
import { readFileSync } from 'node:fs';
import { assert, afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autocomplete, chatInput, user, type InteractionPayload, type UserPayload } from '../support/interactions.js';
import type { CapturedRequest, InteractionHandle, StandIn } from '../support/stand-in.js';
import { describeRejected, startStack, type Bot, type CallbackBody } from '../e2e/harness.js';
import { expectSafeCallback } from '../support/safe-reply.js';

const INTERACTIONS = 5_000;
const MEMBERS = 200;
/** Sending pace: a tick every 40 ms, so 5,000 go out in ~20 s. */
const TICK_MS = 40;
const PER_TICK = Math.ceil(INTERACTIONS / (20_000 / TICK_MS));
const RSS_BOUND_MB = 512;
const EPHEMERAL = 1 << 6;

const QUESTIONS = [
  'why do they keep meeting in Rome?',
  'what role does Oman play?',
  'what does Iran want from the talks?',
  'sanctions relief',
  'uranium enrichment levels',
  'who leads the American delegation?',
  'what happened in Muscat',
  'is there a deal yet',
  '@everyone what about the weather on Mars',
  '',
];

/** Tails that make most questions distinct, so the flood is not served from the answer cache. */
const TAILS = [
  '',
  'Rome',
  'Oman',
  'nuclear',
  'sanctions',
  'Witkoff',
  'Araghchi',
  'deal',
  'talks',
  'enrichment',
  'Europe',
  'Israel',
  'oil',
  'snapback',
  'inspectors',
  'IAEA',
  'Trump',
  'Muscat',
  'military',
  'economy',
  'proposal',
  'round',
  'fourth',
  'technical',
  'experts',
  'conclusion',
];
const COOLDOWN_SECONDS = Number(process.env.FLOOD_COOLDOWN ?? 3);

let standIn: StandIn;
let bot: Bot;
const members: UserPayload[] = Array.from({ length: MEMBERS }, (_, i) =>
  user({
    id: `1195${String(process.pid % 10_000).padStart(4, '0')}${String(i).padStart(10, '0')}`,
    username: `flood${i}`,
  }),
);

beforeAll(async () => {
  // Production settings: the default 3-second cooldown, info logs. FLOOD_COOLDOWN=0 measures the
  // worst case (every question searched).
  ({ standIn, bot } = await startStack({ COOLDOWN_SECONDS: String(COOLDOWN_SECONDS), LOG_LEVEL: 'info' }));
}, 90_000);

afterAll(async () => {
  const code = await (bot as Bot | undefined)?.stop();
  await (standIn as StandIn | undefined)?.close();
  expect(code, (bot as Bot | undefined)?.output().slice(-2000)).toBe(0);
});

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

function payloadFor(n: number): InteractionPayload {
  const member = members[n % MEMBERS];
  assert.exists(member);
  const ctx = { ...standIn.context, user: member };
  const question =
    `${QUESTIONS[n % QUESTIONS.length] ?? ''} ${TAILS[Math.floor(n / QUESTIONS.length) % TAILS.length] ?? ''}`.trim();
  // About one in five is someone typing (autocomplete), as in a busy channel.
  if (n % 5 === 4) return autocomplete('ask', { question: question.slice(0, 1 + (n % 20)) }, ctx);
  return chatInput('ask', { question, results: 1 + (n % 5) }, ctx);
}

type Kind = 'answer' | 'no-match' | 'cooldown' | 'busy' | 'choices' | 'deferred' | 'other';

function kindOf(body: CallbackBody): Kind {
  if (body.type === 8) return 'choices';
  if (body.type === 5) return 'deferred';
  if (body.type !== 4) return 'other';
  const content = body.data?.content ?? '';
  if ((body.data?.embeds?.length ?? 0) > 0) return 'answer';
  if (/asking quickly — try again in \d+ s/.test(content)) return 'cooldown';
  if (/answering a lot of questions right now/.test(content)) return 'busy';
  if (/found no passage|only has very common words|empty/i.test(content)) return 'no-match';
  return 'other';
}

const handles: InteractionHandle[] = [];
const firsts: CapturedRequest[] = [];
let peakRssMb = 0;
let sendMs = 0;

describe(`a flood of ${INTERACTIONS} interactions from ${MEMBERS} members`, () => {
  it('answers every one within the deadline, with the process up and under the memory bound', async () => {
    const pid = bot.child.pid;
    assert.exists(pid);
    const sampler = setInterval(() => {
      peakRssMb = Math.max(peakRssMb, rssMb(pid));
    }, 200);
    const started = Date.now();
    try {
      let sent = 0;
      const pending: Promise<void>[] = [];
      while (sent < INTERACTIONS) {
        const tickStart = Date.now();
        for (let i = 0; i < PER_TICK && sent < INTERACTIONS; i++, sent++) {
          pending.push(standIn.sendInteraction(payloadFor(sent)).then((h) => void handles.push(h)));
        }
        const wait = TICK_MS - (Date.now() - tickStart);
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      await Promise.all(pending);
      sendMs = Date.now() - started;
      for (const handle of handles) firsts.push(await handle.response(15_000));
      peakRssMb = Math.max(peakRssMb, rssMb(pid));
    } finally {
      clearInterval(sampler);
    }
    expect(handles).toHaveLength(INTERACTIONS);
    const rejected = firsts.filter((r) => r.status >= 300);
    expect(rejected.length, describeRejected(rejected.slice(0, 5))).toBe(0);
    expect(bot.child.exitCode).toBeNull();
    expect(peakRssMb).toBeLessThan(RSS_BOUND_MB);
  }, 120_000);

  it('answered each with an answer, a no-match note, choices, or a polite ephemeral cooldown or busy note', async () => {
    const counts: Record<Kind, number> = {
      answer: 0,
      'no-match': 0,
      cooldown: 0,
      busy: 0,
      choices: 0,
      deferred: 0,
      other: 0,
    };
    const others: unknown[] = [];
    for (const [i, first] of firsts.entries()) {
      const body = first.body as CallbackBody;
      const kind = kindOf(body);
      counts[kind]++;
      if (kind === 'other') others.push(body);
      if (kind === 'cooldown' || kind === 'busy' || kind === 'no-match') expect(body.data?.flags, kind).toBe(EPHEMERAL);
      if (kind === 'deferred') {
        // A deferred answer must still arrive as the edit.
        const handle = handles[i];
        assert.exists(handle);
        const edit = await handle.waitFor((r) => r.method === 'PATCH', 30_000);
        expect(edit.status).toBeLessThan(300);
      }
      if (i % 10 === 0) expectSafeCallback(body, `flood #${i}`);
    }
    const latencies = handles
      .map((h) => (h.record.acknowledged?.at ?? Infinity) - h.record.createdAt)
      .sort((a, b) => a - b);
    const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
    assert.exists(at);
    console.log(
      `flood: ${INTERACTIONS} interactions, ${MEMBERS} members, sent in ${(sendMs / 1000).toFixed(1)} s; ` +
        `first response p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms (deadline 3000); ` +
        `peak bot RSS ${peakRssMb.toFixed(0)} MB; ${JSON.stringify(counts)}`,
    );
    expect(others.slice(0, 3)).toEqual([]);
    // The flood was answered, not only turned away: real answers and notes both occur.
    expect(counts.answer).toBeGreaterThan(0);
    if (COOLDOWN_SECONDS > 0) expect(counts.cooldown).toBeGreaterThan(0);
    expect(counts.choices).toBe(INTERACTIONS / 5);
  });

  it('stays up and answers a normal question after the flood', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // past the 1-second busy window
    const handle = await standIn.sendInteraction(
      chatInput(
        'ask',
        { question: 'why do they keep meeting in Rome?' },
        { ...standIn.context, user: user({ id: '1195999999999999999' }) },
      ),
    );
    const first = await handle.response();
    expect(first.status).toBeLessThan(300);
    expect(kindOf(first.body as CallbackBody)).toBe('answer');
    expect(bot.lines().filter((l) => l.msg === 'uncaught exception' || l.msg === 'unhandled rejection')).toEqual([]);
  });
});
