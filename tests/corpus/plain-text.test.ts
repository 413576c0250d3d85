import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/corpus/parse.js';

const paths = (doc: ReturnType<typeof parseDocument>): string[][] => doc.sections.map((s) => [...s.headingPath]);
const para = (topic: string): string =>
  `The ${topic} was discussed at length by the delegations, who agreed to meet again within weeks. Observers described the mood as cautious but constructive.`;

describe('plain-text documents', () => {
  it('without a Table of Contents, takes heading-like lines between paragraphs as top-level headings', () => {
    const doc = parseDocument(['Garden Notes', para('soil'), 'Spring Planting', para('seed'), 'Summer Care', para('water')].join('\n'), 'garden.txt');
    expect(paths(doc)).toEqual([['Garden Notes'], ['Spring Planting'], ['Summer Care']]);
    expect(doc.problems).toEqual([]);
  });

  it('makes non-ToC heading lines subheadings of the ToC heading before them', () => {
    const text = ['Report', 'Intro text.', 'Contents', '- Alpha Section', '- Beta Section', 'Alpha Section', para('alpha'), 'A Closer Look at Alpha', para('detail'), 'Beta Section', para('beta')].join('\n');
    const doc = parseDocument(text, 'report.txt');
    expect(paths(doc)).toEqual([['Report'], ['Alpha Section'], ['Alpha Section', 'A Closer Look at Alpha'], ['Beta Section']]);
  });

  it('does not take a sentence, a line ending in a colon, or a run of short lines for headings', () => {
    const text = ['Notes', para('intro'), 'This line ends like a sentence.', para('a'), 'Three things matter here:', para('b'), 'Apples', 'Pears', 'Plums', para('c')].join('\n');
    const doc = parseDocument(text, 'notes.txt');
    expect(doc.sections.map((s) => s.headingPath)).toEqual([['Notes']]);
    expect(doc.problems).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/no headings/) })]);
  });

  it('unwraps hard-wrapped paragraphs and still finds the headings', () => {
    const text = readFileSync('tests/fixtures/corpus/good/harbour.txt', 'utf8');
    const doc = parseDocument(text, 'harbour.txt');
    expect(paths(doc)).toEqual([['Harbour Master Report'], ['Dredging Works'], ['Safety and Training']]);
    expect(doc.passages[0]?.text).toBe(
      'The harbour saw record traffic this spring as ferries resumed their full timetable and cargo lines added a second weekly call. Officials said the new berth, opened in March, took pressure off the old quay.',
    );
    // The short "Fishing fleet" paragraph (line 12) joins the one before it in its section.
    expect(doc.passages.map((p) => p.line)).toEqual([3, 8, 17]);
    expect(doc.passages[1]?.text).toMatch(/port authority\.\nFishing fleet numbers held steady\./);
  });

  it('serves a headingless document as one section under its title, with a warning', () => {
    // Each paragraph its own passage, so the count shows nothing was dropped with the missing headings.
    const doc = parseDocument(['Just Notes', para('one'), '', para('two')].join('\n'), 'just.txt', { minPassageChars: 0 });
    expect(paths(doc)).toEqual([['Just Notes']]);
    expect(doc.passages).toHaveLength(2);
    expect(doc.problems).toEqual([{ severity: 'warning', file: 'just.txt', line: 2, message: expect.stringMatching(/no headings/) }]);
  });

  it('gives duplicate headings their own section ids and warns with the line', () => {
    const doc = parseDocument(['Doc', 'Background', para('a'), 'Background', para('b')].join('\n'), 'dup.txt');
    expect(doc.sections.map((s) => s.id)).toEqual(['dup/background', 'dup/background-2']);
    expect(doc.problems).toEqual([{ severity: 'warning', file: 'dup.txt', line: 4, message: expect.stringMatching(/duplicate heading "Background" \(first at line 2\)/) }]);
  });

  it('warns about a ToC entry with no heading line in the text', () => {
    const doc = parseDocument(['Doc', 'Table of Contents', '- Present', '- Missing One', 'Present', para('x')].join('\n'), 'toc.txt');
    expect(doc.problems).toEqual([{ severity: 'warning', file: 'toc.txt', line: 2, message: expect.stringMatching(/"Missing One" has no matching heading/) }]);
  });

  it('takes the front-matter title and source, and does not repeat the title line as text', () => {
    const doc = parseDocument(['---', 'title: Garden Notes', 'source: https://example.org/g', '---', 'Garden Notes', 'Spring', para('seed')].join('\n'), 'g.txt');
    expect(doc.document).toMatchObject({ title: 'Garden Notes', source: 'https://example.org/g' });
    expect(paths(doc)).toEqual([['Spring']]);
    expect(doc.passages[0]).toMatchObject({ line: 7, source: 'https://example.org/g', format: 'text' });
  });

  it('reports an empty or title-only document as an error with nothing to serve', () => {
    expect(parseDocument(' \n\n', 'blank.txt').problems).toEqual([{ severity: 'error', file: 'blank.txt', message: 'the file is empty' }]);
    const titleOnly = parseDocument('Only A Title\n', 'title.txt');
    expect(titleOnly.passages).toEqual([]);
    expect(titleOnly.problems).toEqual([expect.objectContaining({ severity: 'error', line: 1 })]);
  });

  it('throws only for programmer mistakes', () => {
    expect(() => parseDocument(undefined as unknown as string, 'x.txt')).toThrow(/^Parley:/);
    expect(() => parseDocument('x', 'x.txt', { targetChars: 2000, maxChars: 1000 })).toThrow(/^Parley:/);
  });
});

describe('numbered plain-text headings', () => {
  it('matches numbered ToC entries to numbered heading lines and keeps their numbers', () => {
    const text = ['Annual Report', 'Contents', '1. Overview', '2. Finances', '1. Overview', para('overview'), '1.1 Staff Changes', para('staff'), '2. Finances', para('money')].join('\n');
    const doc = parseDocument(text, 'annual.txt');
    expect(doc.sections.map((s) => [...s.headingPath])).toEqual([['1. Overview'], ['1. Overview', '1.1 Staff Changes'], ['2. Finances']]);
    expect(doc.problems).toEqual([]);
  });
});

describe('ids', () => {
  it('stay under 100 characters for long file names and headings', () => {
    const heading = 'An Extraordinarily Long Heading About Negotiations Between Delegations From Many Countries';
    const file = `${'very-long-folder-name/'.repeat(4)}${'a-file-name-that-goes-on-and-on-'.repeat(3)}.txt`;
    const text = ['Title', ...Array.from({ length: 12 }, () => [heading, para('x')]).flat()].join('\n');
    const doc = parseDocument(text, file);
    expect(doc.passages).toHaveLength(12);
    expect(new Set(doc.passages.map((p) => p.id)).size).toBe(12);
    for (const p of doc.passages) expect(p.id.length).toBeLessThan(100);
  });
});

describe('a table of contents without bullets', () => {
  it('is recognised when its lines come back later as headings', () => {
    const text = ['Field Guide', para('intro'), 'Contents', 'Getting There', 'Where to Stay', 'Getting There', para('trains'), 'By Night Bus', para('bus'), 'Where to Stay', para('hotels')].join('\n');
    const doc = parseDocument(text, 'guide.txt');
    expect(doc.sections.map((s) => [...s.headingPath])).toEqual([['Field Guide'], ['Getting There'], ['Getting There', 'By Night Bus'], ['Where to Stay']]);
    expect(doc.passages.some((p) => p.line >= 3 && p.line <= 5)).toBe(false);
  });
});

describe('hard-wrapped text', () => {
  it('is still unwrapped when one line is a long URL', () => {
    const base = readFileSync('tests/fixtures/corpus/good/harbour.txt', 'utf8');
    const text = base.replace('Safety and Training\n', `Safety and Training\n\nhttps://example.org/${'x'.repeat(150)}\n`);
    const doc = parseDocument(text, 'harbour.txt');
    expect(doc.passages[0]?.text).toMatch(/^The harbour saw record traffic .* the old quay\.$/);
    // The URL stays a line of its own; too short to stand alone, it joins the paragraph after it.
    expect(doc.passages).toHaveLength(3);
    expect(doc.passages[2]?.text).toMatch(/^https:\/\/example\.org\/x{150}\nThree drills were held with the coastguard\. .* at night\.$/);
  });
});

describe('a "Contents" line before an ordinary list', () => {
  it('keeps the list as text when its items never come back as headings', () => {
    const text = ['Packing Guide', para('intro'), 'Before You Go', para('plan'), 'Contents', '- two shirts', '- a raincoat', para('after')].join('\n');
    const doc = parseDocument(text, 'pack.txt');
    expect(doc.passages.map((p) => p.text).join('\n')).toContain('- two shirts\n- a raincoat');
    expect(doc.problems).toEqual([]);
  });
});

describe('pathological files', () => {
  it('sums up warnings past the first 20 of a file instead of listing 1,000', () => {
    const text = `# T\n\n${'## Same\n\nText.\n\n'.repeat(1001)}`;
    const doc = parseDocument(text, 'gen.md');
    expect(doc.passages).toHaveLength(1001);
    expect(doc.problems).toHaveLength(21);
    expect(doc.problems.at(-1)).toEqual({ severity: 'warning', file: 'gen.md', message: '980 more warnings like these in this file' });
  });

  it('handles 100k short lines without quadratic work or a stack overflow', () => {
    const doc = parseDocument(`Title\n${'Short line\n'.repeat(100_000)}`, 'lines.txt', { minPassageChars: 0 });
    expect(doc.passages).toHaveLength(100_000);
    expect(doc.sections).toHaveLength(1); // a run of bare short lines is not 100k headings
  });
});

describe('front matter look-alikes', () => {
  it('keeps a ---/--- block without front-matter keys as text', () => {
    const doc = parseDocument(['---', 'Note: the figures below are provisional.', '---', 'Report', para('x')].join('\n'), 'n.txt');
    // The rule lines are breaks, so the note is the first line: the title, not lost front matter.
    expect(doc.document.title).toBe('Note: the figures below are provisional.');
    expect(doc.passages).toHaveLength(1);
    expect(doc.passages.some((p) => p.text === '---')).toBe(false); // rules are breaks, not text
  });
});

describe('nesting without a table of contents', () => {
  it('reads a heading followed straight by another as a parent with its subheadings', () => {
    const text = ['Rome', para('city'), 'History', 'Earliest Times', para('early'), 'The Founding Legend', para('legend'), 'Geography', 'Location', para('place')].join('\n');
    const doc = parseDocument(text, 'rome.txt');
    // "History" has no text of its own: it is still a node of the outline, with its subsections under it.
    expect(doc.sections.map((s) => [[...s.headingPath], s.passageIds.length])).toEqual([
      [['Rome'], 1],
      [['History'], 0],
      [['History', 'Earliest Times'], 1],
      [['History', 'The Founding Legend'], 1],
      [['Geography'], 0],
      [['Geography', 'Location'], 1],
    ]);
    expect(doc.problems).toEqual([]);
  });
});

describe('headings in a document whose paragraphs are separated by blank lines', () => {
  const wrapped = (topic: string): string =>
    `The ${topic} paragraph is long enough to read as running text, and it is wrapped at a fixed width\nlike a how-to article would be, going on for a while before it ends.`;
  const text = [
    'Event Handbook',
    '',
    'Hi everyone,',
    '',
    wrapped('welcome'),
    '',
    '3 things to bring',
    '',
    wrapped('packing'),
    '',
    'Saturday Morning Workshops from 9:00 to 12:30 in Hall B',
    '',
    wrapped('workshop'),
    '',
    'Parking, Transit and Accessibility,',
    '',
    wrapped('parking'),
    '',
    'Venue',
    '',
    'The Old Mill Community Centre',
    '221B Baker Street',
    'London NW1 6XE',
    '',
    wrapped('venue'),
  ].join('\n');
  const doc = parseDocument(text, 'handbook.txt');

  it('takes a number before lower-case words, a long line with a time range and a line ending in a comma as headings', () => {
    expect(doc.sections.map((s) => s.headingPath.join(' › '))).toEqual([
      'Event Handbook',
      '3 things to bring',
      'Saturday Morning Workshops from 9:00 to 12:30 in Hall B',
      'Parking, Transit and Accessibility,',
      'Venue',
    ]);
  });

  it('never takes a greeting or an address for a heading, and keeps both in the text', () => {
    const all = doc.passages.map((p) => p.text).join('\n');
    expect(all).toContain('Hi everyone,\nThe welcome paragraph');
    expect(all).toContain('The Old Mill Community Centre\n221B Baker Street\nLondon NW1 6XE');
  });

  it('unwraps every paragraph', () => {
    expect(doc.passages.every((p) => !/fixed width\nlike/.test(p.text))).toBe(true);
  });
});

describe('headings set in a box of rules', () => {
  const wrapped = (topic: string): string => `The ${topic} is described here in some detail, and the text runs\non over a second line the way a hard-wrapped manual does.\n`;
  it('are top-level headings, with the underlined headings under them as subheadings', () => {
    const rule = '-'.repeat(60);
    const text = ['Game Manual', '', rule, 'A.            OVERVIEW', rule, '', wrapped('goal'), 'Movement', '========', '', wrapped('keypad'), rule, 'B.             ITEMS', rule, '', wrapped('inventory')].join('\n');
    const doc = parseDocument(text, 'manual.txt');
    expect(paths(doc)).toEqual([['A. OVERVIEW'], ['A. OVERVIEW', 'Movement'], ['B. ITEMS']]);
  });

  it('take a title drawn inside a rule line, but not a row of a ruled table', () => {
    const text = ['------- Frequently Asked Questions -------', '', wrapped('setup'), '=====  ======  =====', 'a      b       c', '=====  ======  =====', '', wrapped('end')].join('\n');
    const doc = parseDocument(text, 'faq.txt');
    expect(doc.document.title).toBe('Frequently Asked Questions');
    expect(doc.sections.flatMap((s) => s.headingPath).some((h) => h.includes('==='))).toBe(false);
  });
});

describe('numbered questions of a plain-text FAQ', () => {
  it('head the answers under them, also when the question wraps', () => {
    const text = [
      'Mail FAQ',
      '',
      '1. How do I set up a mailing list server?',
      '',
      '\tLook in the examples directory and read the INTRO file, which describes\n\tit in detail and should get you started.',
      '',
      '2. I installed the filter, but how am I supposed to\n   use it from my mail spool?',
      '',
      '\tYou are not supposed to start it from the command line, the mail\n\tsystem feeds each message into it on its standard input.',
    ].join('\n');
    const doc = parseDocument(text, 'faq.txt');
    expect(paths(doc)).toEqual([['1. How do I set up a mailing list server?'], ['2. I installed the filter, but how am I supposed to use it from my mail spool?']]);
    expect(doc.passages[1]?.text).toMatch(/^You are not supposed/);
  });
});
