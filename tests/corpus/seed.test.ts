import { readFileSync } from 'node:fs';
import { assert, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { parseDocument } from '../../src/corpus/parse.js';
import type { Corpus } from '../../src/types.js';

const SEED = 'corpus/iran-us-talks.txt';
const TITLE = 'Iran-US Talks: Navigating The Complex Path To Diplomacy';
const TOP_LEVEL = [
  'The Persistent Pursuit of Diplomacy: Iran and US Meetings',
  'Rome: A Recurring Venue for Critical Negotiations',
  "Unpacking the 'Maximum Pressure' Campaign",
  'The Role of Regional Dynamics and External Actors',
  'Historical Context: Why Talks Are So Crucial',
  'The Path Forward: What Success in Iran-US Meetings Could Mean',
  'Navigating the Future of US-Iran Diplomacy',
];
const SUBHEADINGS: Array<[parent: string, child: string]> = [
  ['Rome: A Recurring Venue for Critical Negotiations', 'The Nuclear Program at the Core of Discussions'],
  ["Unpacking the 'Maximum Pressure' Campaign", 'Bridging the Divide: Hopes for Progress'],
  ['The Role of Regional Dynamics and External Actors', 'The Diplomatic Dance: Challenges and Opportunities'],
];

const seedLines = readFileSync(SEED, 'utf8').split('\n');
const load = (): Promise<Corpus> => loadCorpus('corpus');

describe('the seed corpus (corpus/iran-us-talks.txt)', () => {
  it('loads one document titled by its first line, without problems', async () => {
    const corpus = await load();
    expect(corpus.problems).toEqual([]);
    expect(corpus.documents).toHaveLength(1);
    expect(corpus.documents[0]).toMatchObject({ id: 'iran-us-talks', file: 'iran-us-talks.txt', title: TITLE });
  });

  it('takes the Table of Contents entries as the top-level headings, in order', async () => {
    const corpus = await load();
    const topLevel = [...new Set(corpus.sections.filter((s) => s.headingPath.length >= 1 && s.headingPath[0] !== TITLE).map((s) => s.headingPath[0]))];
    expect(topLevel).toEqual(TOP_LEVEL);
  });

  it('keeps each subsection under the ToC heading before it', async () => {
    const corpus = await load();
    const nested = corpus.sections.filter((s) => s.headingPath.length === 2).map((s) => [...s.headingPath]);
    expect(nested).toEqual(SUBHEADINGS);
    // Nothing deeper, and no paragraph became a heading.
    expect(corpus.sections.every((s) => s.headingPath.length <= 2)).toBe(true);
    expect(corpus.sections).toHaveLength(1 + TOP_LEVEL.length + SUBHEADINGS.length);
  });

  it('puts the two paragraphs before the first heading in the introduction, under the title', async () => {
    const corpus = await load();
    const intro = corpus.passages.filter((p) => p.headingPath.length === 1 && p.headingPath[0] === TITLE);
    expect(intro.map((p) => p.text)).toEqual([seedLines[1], seedLines[2]]);
    expect(intro.map((p) => p.line)).toEqual([2, 3]);
    expect(intro.map((p) => `${p.index}/${p.count}`)).toEqual(['1/2', '2/2']);
  });

  it('does not index the Table of Contents block', async () => {
    const corpus = await load();
    expect(corpus.passages.some((p) => /table of contents/i.test(p.text))).toBe(false);
    expect(corpus.passages.some((p) => p.text.startsWith('- '))).toBe(false);
    expect(corpus.passages.some((p) => p.line >= 4 && p.line <= 11)).toBe(false);
  });

  it('drops the comment call-to-action and the trailing link titles, keeping the last real paragraph', async () => {
    const corpus = await load();
    const all = corpus.passages.map((p) => p.text).join('\n');
    for (const junk of ['Share your insights', 'Dating', '%C3', 'Daily Caller', 'Married To', 'Tehran unleashes', 'Enters New Phase']) {
      expect(all).not.toContain(junk);
    }
    const last = corpus.passages[corpus.passages.length - 1];
    assert.exists(last);
    expect(last.text).toBe(seedLines[40]); // line 41, "The challenge lies in building sufficient trust…"
    expect(last.headingPath).toEqual(['Navigating the Future of US-Iran Diplomacy']);
    expect(Math.max(...corpus.passages.map((p) => p.line))).toBe(41);
  });

  it('says which lines it left out and why: the ToC (4–11) and the boilerplate tail (42–52)', () => {
    const { skipped } = parseDocument(readFileSync(SEED, 'utf8'), 'iran-us-talks.txt');
    expect(skipped).toEqual([
      { line: 4, endLine: 11, reason: 'table of contents' },
      { line: 42, endLine: 52, reason: 'boilerplate' },
    ]);
  });

  it('keeps every body paragraph, word for word, in reading order', async () => {
    const corpus = await load();
    const bodyLines = seedLines
      .map((text, i) => ({ text, line: i + 1 }))
      .filter(({ text, line }) => line <= 41 && text.length > 200);
    const rebuilt = bodyLines.map(({ line }) =>
      corpus.passages
        .filter((p) => p.line === line)
        .map((p) => p.text)
        .join(' '),
    );
    expect(rebuilt).toEqual(bodyLines.map((l) => l.text));
  });

  it('splits a paragraph over 1,000 characters into balanced parts at sentence boundaries', async () => {
    const corpus = await load();
    const longLines = seedLines.map((t, i) => ({ t, line: i + 1 })).filter(({ t }) => t.length > 1000);
    expect(longLines.length).toBeGreaterThan(0);
    for (const { t, line } of longLines) {
      const parts = corpus.passages.filter((p) => p.line === line);
      expect(parts).toHaveLength(2);
      for (const part of parts) {
        expect(part.text.length).toBeLessThanOrEqual(1000);
        expect(part.text.length).toBeGreaterThan(t.length * 0.4); // balanced, not 950 + 200
        expect(part.text).toMatch(/[.!?]["”’]?$/); // ends at a sentence end
      }
      expect(parts[1]?.text).toMatch(/^[A-Z“"]/); // and the next part starts a sentence
      const [firstPart] = parts;
      assert.exists(firstPart);
      expect(parts.map((p) => p.index)).toEqual([firstPart.index, firstPart.index + 1]);
    }
  });

  it('gives every passage a stable id of the form <doc>/<section-slug>#<n>, the same on every load', async () => {
    const [a, b] = await Promise.all([load(), load()]);
    expect(a.passages.map((p) => p.id)).toEqual(b.passages.map((p) => p.id));
    expect(new Set(a.passages.map((p) => p.id)).size).toBe(a.passages.length);
    for (const p of a.passages) {
      expect(p.id).toMatch(/^iran-us-talks\/[a-z0-9-]+#\d+$/);
      expect(p.id).toBe(`${p.sectionId}#${p.index}`);
      expect(p.id.length).toBeLessThanOrEqual(100); // fits in a Discord button custom id
    }
    expect(a.passages[0]?.id).toBe('iran-us-talks/intro#1');
  });

  it('links sections and passages both ways', async () => {
    const corpus = await load();
    for (const s of corpus.sections) {
      const own = corpus.passages.filter((p) => p.sectionId === s.id);
      expect(own.map((p) => p.id)).toEqual(s.passageIds);
      expect(own.every((p) => p.count === own.length && p.headingPath === s.headingPath)).toBe(true);
    }
  });

  it('parses the same with CRLF line endings and a BOM (parseDocument is pure)', () => {
    const text = readFileSync(SEED, 'utf8');
    const plain = parseDocument(text, 'iran-us-talks.txt');
    const windows = parseDocument(`\uFEFF${text.replace(/\n/g, '\r\n')}`, 'iran-us-talks.txt');
    expect(windows.passages.map((p) => [p.id, p.text, p.line])).toEqual(plain.passages.map((p) => [p.id, p.text, p.line]));
    expect(windows.document.title).toBe(TITLE);
  });
});
