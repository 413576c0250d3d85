/**
 * A corpus of an HTML page, a Word file and two PDFs, answered end to end: the real bot process
 * against the Discord stand-in, every body validated against Discord's spec and limits.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { chatInput } from '../support/interactions.js';
import type { StandIn } from '../support/stand-in.js';
import { accepted, freshUser, useStack } from './harness.js';

const FORMATS = fileURLToPath(new URL('../fixtures/corpora/formats', import.meta.url));

let standIn: StandIn;

useStack({ COOLDOWN_SECONDS: '0', CORPUS_DIR: FORMATS }, (started) => ({ standIn } = started));

const ask = async (question: string) => {
  const body = await accepted(
    await standIn.sendInteraction(
      chatInput('ask', { question, results: 5 }, { ...standIn.context, user: freshUser() }),
    ),
  );
  return body.data?.embeds ?? [];
};

describe('/ask over HTML, PDF and Word documents', () => {
  it('answers from a PDF without an outline under the bold heading it sits under, with its page in the footer', async () => {
    // The Star Trek manual's "Cloaking Device" command section is the one about cloaking.
    const embeds = await ask('what does the cloaking device do?');
    const cloaking = embeds.find((e) => e.title === 'Cloaking Device');
    expect(cloaking?.footer?.text).toMatch(/^STAR TREK · page \d+ · passage \d+ of \d+ · relevance \d+%$/);
  });

  it('answers from the saved web page under its heading path, showing its code as a code block', async () => {
    // The remote debugger's port range is told only on the Celery debugging page.
    const embeds = await ask('which port does the remote debugger rdb listen on?');
    const fromPage = embeds.find((e) => e.footer?.text.startsWith('Debugging ·'));
    // Titles are shown escaped: read them as Discord renders them.
    expect(fromPage?.title?.replace(/\\/g, '')).toMatch(/^Debugging Tasks Remotely \(using pdb\)/);
    const withCode = embeds.find((e) => e.description?.includes('```'));
    expect(withCode?.description).toMatch(/```[a-z]*\n/);
  });

  it('answers from the Word file and from the PDF made of the same page, each under the outline heading', async () => {
    // The firewall advice is in the Broker subsection of the Security page, in both files.
    const embeds = await ask('should I put a firewall in front of the broker?');
    const titles = embeds.slice(0, 2).map((e) => e.title);
    expect(titles).toEqual(['Areas of Concern › Broker', 'Areas of Concern › Broker']);
    const footers = embeds.slice(0, 2).map((e) => e.footer?.text ?? '');
    expect(footers.some((f) => /^Security · page 1 · /.test(f))).toBe(true);
    expect(footers.some((f) => /^Security · passage /.test(f))).toBe(true);
  });
});
