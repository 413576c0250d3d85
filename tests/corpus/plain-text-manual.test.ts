import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/corpus/parse.js';

const paths = (doc: ReturnType<typeof parseDocument>): string[] => doc.sections.map((s) => s.headingPath.join(' › '));
/** A paragraph hard-wrapped and indented like the body of a manual rendered from DocBook. */
const body = (topic: string, indent = '    '): string =>
  [`The ${topic} part of the tool is explained here at some length, so the reader knows`, `what happens to the files and which settings matter when it runs on a machine.`]
    .map((l) => indent + l)
    .join('\n');

// The shape Debian's DocBook manuals have as text: flush-left headings over an indented body,
// front matter, a contents list for the whole document and another under each chapter.
const manual = [
  '                              Widget Manual',
  '',
  'Copyright © 2001 A. Writer',
  '',
  'Abstract',
  '',
  'This manual explains how to use the widget tool on a machine without a network.',
  '',
  'Table of Contents',
  '',
  '1. Introduction',
  '    1.1. Overview',
  '2. Usage',
  '    2.1. Overview',
  '    2.2. Running',
  '',
  'Chapter 1. Introduction',
  '',
  'Table of Contents',
  '',
  '1.1. Overview',
  '',
  '1.1. Overview',
  '',
  body('introductory'),
  '',
  'Chapter 2. Usage',
  '',
  'Table of Contents',
  '',
  '2.1. Overview',
  '2.2. Running',
  '',
  body('usage'),
  '',
  '2.1. Overview',
  '',
  body('overview'),
  '',
  '    The remote machine would do something like',
  '',
  '      # widget fetch',
  '      # widget install',
  '',
  '2.2. Running',
  '',
  body('running'),
  '',
  '    Stopping It Early',
  '',
  body('stopping'),
].join('\n');

describe('a hard-wrapped manual with flush-left headings over an indented body', () => {
  const doc = parseDocument(manual, 'widget.txt');

  it('nests numbered sections by their numbering, with front matter beside the chapters', () => {
    expect(paths(doc)).toEqual([
      'Widget Manual', // the introduction: the copyright line
      'Abstract',
      'Chapter 1. Introduction',
      'Chapter 1. Introduction › 1.1. Overview',
      'Chapter 2. Usage',
      'Chapter 2. Usage › 2.1. Overview',
      'Chapter 2. Usage › 2.2. Running',
    ]);
    expect(doc.problems).toEqual([]);
  });

  it('leaves out every table of contents, the chapters\' own included', () => {
    expect(doc.passages.some((p) => /Table of Contents/.test(p.text))).toBe(false);
    expect(doc.passages.some((p) => p.text.includes('2.2. Running'))).toBe(false);
  });

  it('reads a line indented like the body as text, not a heading: a lead-in stays with its example', () => {
    const setup = doc.passages.filter((p) => p.headingPath.at(-1) === '2.1. Overview').map((p) => p.text).join('\n');
    expect(setup).toContain('The remote machine would do something like');
    expect(setup).toContain('# widget install');
    expect(doc.passages.some((p) => p.text.includes('Stopping It Early') && p.headingPath.at(-1) === '2.2. Running')).toBe(true);
  });

  it('keeps the text a chapter has before its first section under the chapter', () => {
    const usage = doc.passages.find((p) => p.text.startsWith('The usage part'));
    expect(usage?.headingPath).toEqual(['Chapter 2. Usage']);
  });
});

describe('documents that do not set headings apart by indentation', () => {
  it('still take short indented lines for headings when headings and body share the indentation', () => {
    const text = ['Garden Notes', '', '    Spring Planting', '', body('planting'), '', '    Summer Care', '', body('watering')].join('\n');
    expect(paths(parseDocument(text, 'garden.txt'))).toEqual(['Spring Planting', 'Summer Care']);
  });

  it('still take a centred title line over an indented body for a heading', () => {
    const para = [
      '   A report about a particular bug is sent to the tracker by mail, with the',
      '   name of the package and its version on the first lines of the message.',
    ].join('\n');
    const text = ['Bug Guide', '', 'Sending Reports', '', para, '', '                          Additional Headers', '', 'Severity Levels', '', para, '', 'Tags', '', para].join('\n');
    expect(paths(parseDocument(text, 'bugs.txt'))).toContain('Additional Headers');
  });

  it('take numbered chapters and sections by their numbering without a table of contents', () => {
    const text = ['Handbook', '', 'Abstract', '', body('summary', ''), '', 'Chapter 1. Basics', '', body('basics', ''), '', '1.1. Install', '', body('install', ''), '', '1.2. Run', '', body('run', ''), '', 'Chapter 2. More', '', body('more', '')].join('\n');
    expect(paths(parseDocument(text, 'handbook.txt'))).toEqual(['Abstract', 'Chapter 1. Basics', 'Chapter 1. Basics › 1.1. Install', 'Chapter 1. Basics › 1.2. Run', 'Chapter 2. More']);
  });
});

describe('a manual with indented body text, on any words', () => {
  const word = fc.stringMatching(/^[a-z]{3,9}$/);
  const bodyLine = fc.array(word, { minLength: 6, maxLength: 12 }).map((ws) => `    ${ws.join(' ')}`);
  const section = fc.record({ title: fc.array(word, { minLength: 1, maxLength: 4 }), lines: fc.array(bodyLine, { minLength: 1, maxLength: 4 }) });

  it('loses no word of the body: every one ends up in a passage', () => {
    fc.assert(
      fc.property(fc.array(section, { minLength: 2, maxLength: 6 }), (sections) => {
        const text = ['Manual', '', ...sections.flatMap((s, i) => [`${i + 1}. ${s.title.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ')}`, '', ...s.lines, '']), ''].join('\n');
        // Boilerplate trimming may drop a trailing line on purpose (and says so); this is about reading structure.
        const doc = parseDocument(text, 'manual.txt', { boilerplate: false });
        const served = new Set(doc.passages.flatMap((p) => p.text.split(/\s+/)));
        for (const s of sections) for (const l of s.lines) for (const w of l.trim().split(' ')) expect(served).toContain(w);
      }),
      { numRuns: 100 },
    );
  });
});

describe('a term with its definition hanging indented under it', () => {
  const wrapped = (topic: string): string =>
    `The ${topic} paragraph is long enough to read as running text, and it is wrapped at a fixed width\nlike a game manual would be, going on for a while before it ends.`;
  const underlined = (title: string): string => `${title}\n${'='.repeat(30)}`;

  it('heads its definition one level below the marked section it stands in, in a document that marks its headings', () => {
    const text = [
      'Game Manual',
      '',
      underlined('Starting Out'),
      '',
      wrapped('opening'),
      '',
      'Dungeon Sprint',
      '  Start one of several single-map challenge mode games, each with a',
      '  map of its own.',
      '',
      'Ctrl-W',
      '  Set a waypoint.',
      '',
      underlined('Moving Around'),
      '',
      wrapped('moving'),
      '',
      underlined('Fighting'),
      '',
      wrapped('fighting'),
    ].join('\n');
    const doc = parseDocument(text, 'game.txt');
    // Not "Dungeon Sprint › Ctrl-W", and "Moving Around" is not under a term.
    expect(doc.sections.map((s) => s.headingPath.join(' › '))).toEqual([
      'Starting Out',
      'Starting Out › Dungeon Sprint',
      'Starting Out › Ctrl-W',
      'Moving Around',
      'Fighting',
    ]);
    expect(doc.problems).toEqual([]);
  });

  it('still heads its text in a document whose headings are unmarked', () => {
    const text = ['Setup Notes', '', 'Installation', '  Run the installer and follow the prompts; it takes a few minutes', '  and needs a network connection.', '', 'Configuration', '  Edit the settings file before the first start of the service, then', '  restart it so the new settings are read.'].join('\n');
    expect(parseDocument(text, 'notes.txt').sections.map((s) => s.headingPath.at(-1))).toEqual(['Installation', 'Configuration']);
  });
});

describe('underlined headings', () => {
  it('may open with a symbol (an item class named by its key), but a sentence over a rule stays text', () => {
    const text = [
      'Items',
      '',
      'The items paragraph is long enough to read as running text, and it is wrapped at a fixed width',
      'like a game manual would be, going on for a while before it ends.',
      '',
      '[ Armour',
      '========================================',
      '',
      'The armour paragraph is long enough to read as running text, and it is wrapped at a fixed width',
      'like a game manual would be, going on for a while before it ends.',
      '',
      'This closing line ends like a sentence.',
      '----------------------------------------',
    ].join('\n');
    const doc = parseDocument(text, 'items.txt');
    expect(doc.sections.map((s) => s.headingPath.at(-1))).toEqual(['Items', '[ Armour']);
    expect(doc.passages.some((p) => p.text.includes('This closing line ends like a sentence.'))).toBe(true);
  });
});

describe('header fields on lines of their own', () => {
  it('are an example kept as it is, not headings, and the heading over them keeps its text', () => {
    const para = (topic: string): string =>
      `   The ${topic} field is explained here at some length, so the reader knows what\n   it does to the report and when it is worth setting at all.`;
    const text = ['Reporting Guide', '', 'Setting Forwarded', '', 'Forwarded: foo@example.com', '', para('forwarded'), '', 'Claiming Ownership', '', 'Owner: foo@example.com', '', para('owner')].join('\n');
    const doc = parseDocument(text, 'report.txt');
    expect(doc.sections.map((s) => s.headingPath.at(-1))).toEqual(['Setting Forwarded', 'Claiming Ownership']);
    expect(doc.passages[0]?.text).toMatch(/^Forwarded: foo@example\.com\nThe forwarded field/);
  });
});

describe('a block indented deeper than the body', () => {
  const text = [
    'Tool Guide',
    '',
    body('commands'),
    '',
    '    upgrade',
    '',
    '        Upgrade will attempt to gently upgrade the whole system. It will never',
    '        install a new package or remove an existing one, so it is safe to run.',
    '',
    '        # tool upgrade',
    '        # tool check',
    '',
    body('closing'),
  ].join('\n');
  const doc = parseDocument(text, 'tool.txt');

  it('is a paragraph when it reads as wrapped text (a definition), and kept as it is when it is commands', () => {
    const all = doc.passages.map((p) => p.text).join('\n');
    expect(all).toContain('Upgrade will attempt to gently upgrade the whole system. It will never install a new package');
    expect(all).toContain('# tool upgrade\n# tool check');
  });
});
