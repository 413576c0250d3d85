/**
 * Real public documents (tests/fixtures/corpora, sources in SOURCES.md), read as their authors
 * structured them: the outline, passages that are no lone fragments, tables and lists whole or
 * split with their header, and what an answer embed shows is Discord Markdown that renders —
 * code as code, links as links, no escaped syntax, no zero-width character in a URL or code.
 */
import { readFileSync } from 'node:fs';
import { assert, describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { documentOutline, shapeWarnings } from '../../src/corpus/outline.js';
import { MIN_PASSAGE_CHARS, parseDocument, type ParsedDocument } from '../../src/corpus/parse.js';
import { validateCorpus } from '../../src/corpus/validate.js';
import { protectedRanges } from '../../src/discord/highlight.js';
import { renderAnswer } from '../../src/discord/render.js';
import type { Passage } from '../../src/types.js';
import { hitOn } from '../support/hits.js';
import { checkMessageLimits } from '../support/limits.js';

const DIR = 'tests/fixtures/corpora';
const read = (path: string): ParsedDocument => parseDocument(readFileSync(`${DIR}/${path}`, 'utf8'), path.slice(path.lastIndexOf('/') + 1));
const outline = (doc: ParsedDocument): Array<[number, string]> => documentOutline(doc).map((e) => [e.depth, e.heading]);

/** Every embed description a passage can be shown in, as the bot sends it (with words of the passage matched). */
function shown(passage: Passage): string {
  const words = [...new Set(passage.text.match(/[\p{L}\p{N}]{4,}/gu) ?? [])].slice(0, 6);
  const hit = hitOn(passage, words, passage.text.split(/(?<=[.!?])\s/u)[1] ?? '');
  const message = renderAnswer({ query: words.join(' '), hits: [hit], topScore: 1, offset: 0, limit: 3, total: 1 });
  expect(checkMessageLimits(message)).toEqual([]);
  return message.embeds?.[0]?.description ?? '';
}

/** The rules every fixture keeps, whatever its shape. */
function expectReadRight(doc: ParsedDocument): void {
  expect(doc.problems.filter((p) => p.severity === 'error')).toEqual([]);
  expect(validateCorpus({ documents: [doc.document], sections: doc.sections, passages: doc.passages, problems: [] })).toEqual([]);
  // No lone fragments: a passage under the floor only when its section has nothing else.
  for (const s of doc.sections) {
    if (s.passageIds.length < 2) continue;
    for (const p of doc.passages.filter((q) => q.sectionId === s.id)) expect(p.text.length, p.id).toBeGreaterThanOrEqual(MIN_PASSAGE_CHARS);
  }
  // Suspicious shapes stay quiet once a document is read right.
  expect(shapeWarnings(doc)).toEqual([]);
  expect(doc.problems.filter((p) => /split into/.test(p.message))).toEqual([]);
  for (const p of doc.passages) {
    // Plain text has no Markdown syntax.
    expect(p.text, p.id).not.toMatch(/```|\]\(https?:|<\/?(?:details|summary|img|p|a|br)\b/);
    const description = shown(p);
    expect(description, p.id).not.toMatch(/<\/?(?:details|summary|img)\b/);
    if (p.display !== undefined) {
      // The source's Markdown renders: no fence, link or bullet escaped into literal text.
      expect(description, p.id).not.toMatch(/\\`\\`\\`|\\\[[^\]]*\\\]\\\(|^\\[-*] |\\<\/?(?:details|summary)/m);
      // Code blocks and spans, and URLs, are shown exactly as the document has them: no bold, no zero-width joiner.
      for (const r of protectedRanges(description)) {
        const inside = description.slice(r.start, r.end);
        expect(inside, p.id).not.toContain('\u200d');
        // (A code block too long for the embed is shown from its top, closed after "…".)
        if (!inside.startsWith('\\')) expect(p.display, p.id).toContain(inside.replace(/\n…\n`{3,}$/, ''));
      }
    }
    // Every fence that opens closes.
    expect((description.match(/^```/gm) ?? []).length % 2, p.id).toBe(0);
  }
}

describe('a project README with badges, HTML, code and tables (picomatch)', () => {
  const doc = read('picomatch/picomatch-readme.md');

  it('takes the title from the HTML heading and drops the badge row and the <details> table of contents', () => {
    expect(doc.document.title).toBe('Picomatch');
    expect(doc.passages.map((p) => p.text).join('\n')).not.toMatch(/shields\.io|badge|Click to expand|Table of Contents/);
    expect(doc.skipped).toEqual(expect.arrayContaining([expect.objectContaining({ reason: 'table of contents' })]));
  });

  it('has the outline of the README, headings with no text of their own included', () => {
    expect(outline(doc)).toEqual([
      [0, '(introduction)'],
      [1, 'Why picomatch?'],
      [1, 'Install'],
      [1, 'Usage'],
      [1, 'API'],
      ...['picomatch', '.test', '.matchBase', '.isMatch', '.parse', '.scan', '.compileRe', '.makeRe', '.toRegex'].map((h): [number, string] => [2, h]),
      [1, 'Options'],
      [2, 'Picomatch options'],
      [2, 'Scan Options'],
      [2, 'Options Examples'],
      ...['options.expandRange', 'options.format', 'options.onMatch', 'options.onIgnore', 'options.onResult'].map((h): [number, string] => [3, h]),
      [1, 'Globbing features'],
      [2, 'Basic globbing'],
      [3, 'Matching behavior vs. Bash'],
      [2, 'Advanced globbing'],
      [3, 'Extglobs'],
      [3, 'POSIX brackets'],
      [2, 'Braces'],
      [2, 'Matching special characters as literals'],
      [1, 'Library Comparisons'],
      [1, 'Benchmarks'],
      [1, 'Philosophies'],
      [1, 'About'],
      ...['Contributing', 'Running Tests', 'Building docs', 'Author', 'License'].map((h): [number, string] => [2, h]),
    ]);
    expect(doc.sections.find((s) => s.headingPath.join('/') === 'API')?.passageIds).toEqual([]);
  });

  it('keeps a code block whole with its language, and bold text and links as Discord Markdown', () => {
    const install = doc.passages.find((p) => p.headingPath.join('/') === 'Install');
    assert.exists(install);
    expect(install.display).toMatch(/```sh\nnpm install --save picomatch\n```/);
    expect(install.text).toContain('npm install --save picomatch');
    const why = doc.passages.find((p) => p.headingPath.join('/') === 'Why picomatch?');
    assert.exists(why);
    expect(why.display).toContain('- **Lightweight** - No dependencies');
    expect(why.display).toContain('[single frame of a HD movie](http://www.endmemo.com/sconvert/framespersecondframespermillisecond.php)');
    expect(why.text).toContain('single frame of a HD movie at 60fps');
  });

  it('splits the long options table only between rows, each part with the header row', () => {
    const parts = doc.passages.filter((p) => p.headingPath.join('/') === 'Options/Picomatch options' && p.display?.includes('```'));
    expect(parts.length).toBeGreaterThan(1);
    const header = parts[0]?.display?.split('\n').find((l) => l.startsWith('**Option**') || /^Option\b/.test(l));
    expect(header).toBeDefined();
    for (const part of parts) expect(part.display?.split('\n')).toContain(header);
  });

  it('is read right', () => expectReadRight(doc));
});

describe('a README with an FAQ of question headings (ws)', () => {
  const doc = read('ws/ws-readme.md');

  it('has the outline, the FAQ questions under their section', () => {
    expect(outline(doc)).toEqual([
      [0, '(introduction)'],
      [1, 'Protocol support'],
      [1, 'Installing'],
      [2, 'Legacy opt-in for performance'],
      [1, 'API docs'],
      [1, 'WebSocket compression'],
      [1, 'Usage examples'],
      ...[
        'Sending and receiving text data',
        'Sending binary data',
        'Simple server',
        'External HTTP/S server',
        'Multiple servers sharing a single HTTP/S server',
        'Client authentication',
        'Server broadcast',
        'Round-trip time',
        'Use the Node.js streams API',
        'Other examples',
      ].map((h): [number, string] => [2, h]),
      [1, 'FAQ'],
      [2, 'How to get the IP address of the client?'],
      [2, 'How to detect and close broken connections?'],
      [2, 'How to connect via a proxy?'],
      [1, 'Changelog'],
      [1, 'License'],
    ]);
  });

  it('gives each answer its question, and only the answer\'s first passage', () => {
    for (const question of ['How to get the IP address of the client?', 'How to detect and close broken connections?', 'How to connect via a proxy?']) {
      const answer = doc.passages.filter((p) => p.headingPath.at(-1) === question);
      expect(answer.length).toBeGreaterThan(0);
      expect(answer[0]?.question).toBe(question);
      for (const later of answer.slice(1)) expect(later.question).toBeUndefined();
    }
    expect(doc.passages.filter((p) => p.question !== undefined)).toHaveLength(3);
  });

  it('shows an FAQ answer under its question, its code block as code', () => {
    const passage = doc.passages.find((p) => p.question === 'How to get the IP address of the client?');
    assert.exists(passage);
    const message = renderAnswer({ query: 'ip address', hits: [hitOn(passage, ['address'])], topScore: 1, offset: 0, limit: 3, total: 1 });
    expect(message.embeds?.[0]?.title).toBe('How to get the IP address of the client?');
    expect(message.embeds?.[0]?.description).toMatch(/```js\n[\s\S]*req\.socket\.remoteAddress[\s\S]*\n```/);
  });

  it('keeps package names and versions as written: no zero-width joiner after @', () => {
    const all = doc.passages.map((p) => `${p.display ?? ''}\n${shown(p)}`).join('\n');
    expect(all).toContain('npm install ws');
    expect(all).not.toMatch(/@\u200d(?!everyone|here)/);
  });

  it('is read right', () => expectReadRight(doc));
});

describe('a Markdown page with a large table (libffi)', () => {
  const doc = read('libffi/libffi-readme.md');

  it('is titled by its file name: a heading after text is a section, not the title', () => {
    expect(doc.document.title).toBe('libffi readme');
    expect(outline(doc)).toEqual([
      [0, '(introduction)'],
      [1, 'What is libffi?'],
      [1, 'Supported Platforms'],
      [1, 'Installing libffi'],
      [1, 'History'],
      [1, 'Authors & Credits'],
    ]);
  });

  it('shows the platform table as aligned rows in a code block, split between rows with the header repeated', () => {
    // The split itself, before a short last part may be joined back to its neighbour.
    const split = parseDocument(readFileSync(`${DIR}/libffi/libffi-readme.md`, 'utf8'), 'libffi-readme.md', { minPassageChars: 0 });
    const parts = split.passages.filter((p) => p.headingPath[0] === 'Supported Platforms' && p.display?.includes('Architecture'));
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      const lines = (part.display ?? '').split('\n');
      const fence = lines.indexOf('```');
      expect(lines[fence + 1]).toMatch(/^Architecture\s+\| Operating System\s+\| Compiler/);
      expect(lines[fence + 2]).toMatch(/^-+-\+-/);
      expect(part.text.split('\n')).toContain('Architecture · Operating System · Compiler');
    }
    // Every row is in exactly one part.
    for (const d of [split, doc]) {
      const rows = d.passages.flatMap((p) => p.text.split('\n')).filter((l) => /^AArch64 · Linux · GCC$/.test(l));
      expect(rows).toHaveLength(1);
    }
  });

  it('is read right', () => expectReadRight(doc));
});

describe('a hard-wrapped plain-text FAQ (xz-utils)', () => {
  const doc = read('xz-faq/xz-faq.txt');

  it('makes every "Q:" a question heading over its answer, without the "A:"', () => {
    const outlined = outline(doc);
    expect(outlined).toHaveLength(18);
    expect(outlined.every(([depth, heading]) => depth === 1 && heading.startsWith('Q: '))).toBe(true);
    expect(outlined[0]).toEqual([1, 'Q: What do the letters XZ mean?']);
    // A question wrapped over two lines is one heading.
    expect(outlined).toContainEqual([1, "Q: I have installed xz, but my tar doesn't recognize .tar.xz files. How can I extract .tar.xz files?"]);
    const first = doc.passages[0];
    assert.exists(first);
    expect(first.question).toBe('Q: What do the letters XZ mean?');
    expect(first.text).toBe('Nothing. They are just two letters, which come from the file format suffix .xz. The .xz suffix was selected, because it seemed to be pretty much unused. It has no deeper meaning.');
  });

  it('is read right', () => expectReadRight(doc));
});

describe('a plain-text article with a table of contents, lists and commands (xz-utils README)', () => {
  const doc = read('xz-readme/xz-readme.txt');

  it('finds the headings its unlabelled table of contents names, numbered ones nested by their numbers', () => {
    expect(doc.document.title).toBe('XZ Utils');
    expect(outline(doc)).toEqual([
      [1, '0. Overview'],
      [1, '1. Documentation'],
      [2, '1.1. Overall documentation'],
      [2, '1.2. Documentation for command-line tools'],
      [2, '1.3. Documentation for liblzma'],
      [1, '2. Version numbering'],
      [1, '3. Reporting bugs'],
      [1, '4. Translations'],
      [1, '5. Other implementations of the .xz format'],
      [1, '6. Contact information'],
    ]);
    expect(doc.skipped).toEqual([{ line: 5, endLine: 14, reason: 'table of contents' }]);
  });

  it('unwraps indented paragraphs and keeps list items whole, each on its own line', () => {
    const overview = doc.passages.find((p) => p.headingPath[0] === '0. Overview');
    assert.exists(overview);
    expect(overview.text).toMatch(/^XZ Utils provide a general-purpose data-compression library plus command-line tools\. The native file format/);
    const versions = doc.passages.filter((p) => p.headingPath[0] === '2. Version numbering').map((p) => p.text).join('\n');
    expect(versions).toContain('The version number format of XZ Utils is X.Y.ZS:\n- X is the major version. When this is incremented, the library API and ABI break.');
    expect(versions).toMatch(/^\* Stable: Z is incremented when bugs get fixed without adding any new features\./m);
    // A list joined to a code block in one passage keeps its item markers as markers in the display.
    const joined = doc.passages.find((p) => p.display?.includes('```') && p.text.includes('\n- The output of --help'));
    assert.exists(joined);
    expect(joined.display).toMatch(/^- The output of --help and --long-help must look nice/m);
    expect(joined.display).not.toMatch(/^\\- /m);
  });

  it('keeps commands and aligned columns line by line, shown as code', () => {
    const translations = doc.passages.filter((p) => p.headingPath[0] === '4. Translations');
    const commands = translations.find((p) => p.text.includes('make -C po update-po'));
    assert.exists(commands);
    expect(commands.display).toMatch(/```\n\.\/configure --disable-shared --prefix=\/tmp\/xz-test\n# <Edit the \.po file in the po directory\.>\nmake -C po update-po\n/);
    const files = doc.passages.find((p) => p.text.includes('INSTALL.generic'));
    assert.exists(files);
    expect(files.display).toMatch(/```\nINSTALL\.generic {5}Generic install instructions/);
  });

  it('is read right', () => expectReadRight(doc));
});

describe('the suspicious-shape warnings', () => {
  it('fire on a hard-wrapped document whose line breaks were read as paragraph breaks', () => {
    // Every line a paragraph of its own: what a hard-wrapped text pasted with doubled line breaks gives.
    const broken = readFileSync(`${DIR}/xz-faq/xz-faq.txt`, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .join('\n\n');
    const doc = parseDocument(broken, 'faq.txt', { minPassageChars: 0 });
    const messages = shapeWarnings(doc).map((w) => w.message);
    expect(messages[0]).toMatch(/^\d+ of \d+ passages are under 80 characters/);
    expect(messages.some((m) => /has only one-line passages/.test(m))).toBe(true);
  });

  it('point at a line that looks like a heading but was read as text', () => {
    const doc = parseDocument('Club Handbook\n\nWelcome to the club, which meets on the first Monday of every month in the hall.', 'club.txt');
    // A reading in which a heading line ended up inside a passage, above the paragraph it heads.
    const misread = doc.passages.map((p) => ({ ...p, text: 'Parking and Transit\nMembers park in the north lot after six in the evening; the bus stops every twenty minutes.' }));
    expect(shapeWarnings({ ...doc, passages: misread })).toEqual([expect.objectContaining({ message: '"Parking and Transit" looks like a heading but was read as text' })]);
  });

  it('all the fixtures load together without errors', async () => {
    for (const folder of ['picomatch', 'ws', 'libffi', 'xz-faq', 'xz-readme']) {
      const corpus = await loadCorpus(`${DIR}/${folder}`);
      expect(corpus.problems.filter((p) => p.severity === 'error'), folder).toEqual([]);
      expect(corpus.documents).toHaveLength(1);
    }
  });
});
