import { describe, expect, it } from 'vitest';
import { loadCorpus } from '../../src/corpus/load.js';
import { parseDocument } from '../../src/corpus/parse.js';

const md = (lines: string[]): string => `${lines.join('\n')}\n`;
const paths = (doc: ReturnType<typeof parseDocument>): string[][] => doc.sections.map((s) => [...s.headingPath]);

describe('Markdown documents', () => {
  it('nests headings by level, without repeating the single # title in every path', () => {
    const doc = parseDocument(
      md(['# Handbook', '', 'Welcome text.', '', '## Setup', '', 'Setup text.', '', '### Linux', '', 'Linux text.', '', '#### Debian', '', 'Debian text.', '', '## Usage', '', 'Usage text.']),
      'handbook.md',
    );
    expect(doc.document.title).toBe('Handbook');
    expect(paths(doc)).toEqual([['Handbook'], ['Setup'], ['Setup', 'Linux'], ['Setup', 'Linux', 'Debian'], ['Usage']]);
    expect(doc.passages.map((p) => p.text)).toEqual(['Welcome text.', 'Setup text.', 'Linux text.', 'Debian text.', 'Usage text.']);
    expect(doc.passages.map((p) => p.line)).toEqual([3, 7, 11, 15, 19]);
  });

  it('keeps every # heading in the path when there are several', () => {
    const doc = parseDocument(md(['# Part One', '', 'One.', '', '## Detail', '', 'Detail.', '', '# Part Two', '', 'Two.']), 'parts.md');
    expect(doc.document.title).toBe('Part One');
    expect(paths(doc)).toEqual([['Part One'], ['Part One', 'Detail'], ['Part Two']]);
  });

  it('keeps a fenced code block whole, blank lines and # comments inside it included', () => {
    const fence = ['```python', 'def f():', '    return 1', '', '# not a heading', 'print(f())', '```'];
    const doc = parseDocument(md(['# Code', '', '## Example', '', ...fence, '', 'After the code.']), 'code.md');
    expect(paths(doc)).toEqual([['Example']]);
    // The short sentence after the code joins it; the code is bare in the text and fenced in the display.
    expect(doc.passages.map((p) => p.text)).toEqual([`${fence.slice(1, -1).join('\n')}\nAfter the code.`]);
    expect(doc.passages[0]?.display).toBe(`${fence.join('\n')}\n\nAfter the code.`);
  });

  it('keeps a list whole, with its continuation lines, and joins it to the sentence introducing it', () => {
    const list = ['- first item', '- second item', '  wrapped onto a second line', '- third item'];
    const doc = parseDocument(md(['# Lists', '', 'You will need:', '', ...list, '', 'Then go on.']), 'lists.md', { minPassageChars: 0 });
    expect(doc.passages.map((p) => p.text)).toEqual(['You will need:\nfirst item\nsecond item wrapped onto a second line\nthird item', 'Then go on.']);
    expect(doc.passages[0]?.display).toBe('You will need:\n- first item\n- second item wrapped onto a second line\n- third item');
  });

  it('unwraps soft-wrapped paragraphs and splits long ones at sentence boundaries', () => {
    const sentence = 'This sentence about diplomacy is exactly as long as it needs to be for the test.';
    const para = Array.from({ length: 16 }, () => sentence); // ~1,300 chars over many lines
    const doc = parseDocument(md(['# Long', '', ...para]), 'long.md');
    expect(doc.passages).toHaveLength(2);
    expect(doc.passages.map((p) => p.text).join(' ')).toBe(para.join(' '));
    expect(doc.passages.map((p) => [p.index, p.count])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(doc.passages[1]?.line).toBe(3 + 8); // the second part starts on its own source line
  });

  it('keeps indented code whole as a fenced block and leaves HTML comments out', () => {
    const doc = parseDocument(md(['# Code', '', 'Run this:', '', '    npm ci', '', '    npm start', '', '<!-- editor note:', 'not for readers -->', '', 'Done.']), 'ind.md', { minPassageChars: 0 });
    expect(doc.passages.map((p) => p.text)).toEqual(['Run this:\nnpm ci\n\nnpm start', 'Done.']);
    expect(doc.passages[0]?.display).toBe('Run this:\n```\nnpm ci\n\nnpm start\n```');
  });

  it('unwraps a block quote into one quoted passage', () => {
    const doc = parseDocument(md(['# Q', '', '> We will meet again', '> in Rome next week.', '', 'After.']), 'q.md', { minPassageChars: 0 });
    expect(doc.passages.map((p) => p.text)).toEqual(['We will meet again in Rome next week.', 'After.']);
    expect(doc.passages[0]?.display).toBe('> We will meet again in Rome next week.');
  });

  it('honours front matter: title, source and date', () => {
    const doc = parseDocument(md(['---', 'title: "Rome: Notes"', 'source: https://example.org/rome', 'date: 2025-05-23', '---', '## Venue', '', 'Text.']), 'rome.md');
    expect(doc.document).toMatchObject({ title: 'Rome: Notes', source: 'https://example.org/rome', date: '2025-05-23' });
    expect(doc.passages[0]).toMatchObject({ document: 'Rome: Notes', source: 'https://example.org/rome', headingPath: ['Venue'], line: 8, format: 'markdown' });
  });

  it('reports malformed front matter as a warning and still serves the text', () => {
    const doc = parseDocument(md(['---', 'title: [unclosed', '---', '# T', '', '## Part', '', 'Body text.']), 'bad-fm.md');
    expect(doc.problems).toEqual([expect.objectContaining({ severity: 'warning', line: 1, message: expect.stringMatching(/front matter/) })]);
    expect(doc.passages.map((p) => p.text)).toEqual(['Body text.']);
  });

  it('reads a static-site source as its page: no heading attribute block, a figure call becomes its caption under the text it illustrates', () => {
    const source = md([
      '## Filtering posts {#filters}',
      '',
      'Filters hide posts that match a phrase.',
      '',
      '{{< figure src="assets/filter-list.png" width="70%" caption="Filters can expire after a set time" >}}',
      '',
      '{{< youtube w7Ft2ymGmfc >}}',
      '',
      '### Whole word {.unnumbered}',
      '',
      'Matches only the whole word.',
    ]);
    const doc = parseDocument(source, 'site.md', { minPassageChars: 0 });
    expect(doc.passages.map((p) => [p.headingPath.at(-1), p.text])).toEqual([
      ['Filtering posts', 'Filters hide posts that match a phrase.\nFilters can expire after a set time'],
      ['Whole word', 'Matches only the whole word.'],
    ]);
    expect(doc.passages[0]?.display).toBe('Filters hide posts that match a phrase.\n\n*Filters can expire after a set time*');
    expect(doc.skipped).toEqual([expect.objectContaining({ line: 7, reason: 'template code' })]);
    // A brace that is the heading's own text stays.
    expect(parseDocument(md(['## Using {curly} braces', '', 'Text.']), 'b.md').passages[0]?.headingPath).toEqual(['Using {curly} braces']);
  });

  it("keeps the text of a link written with a static site's ref shortcode, not the call", () => {
    const doc = parseDocument(md(['## Replies', '', 'Replies are fetched [if enabled]({{< ref "/admin/config#fetch" >}}) by the server.']), 'ref.md');
    expect(doc.passages.map((p) => [p.text, p.display])).toEqual([['Replies are fetched if enabled by the server.', 'Replies are fetched if enabled by the server.']]);
  });

  it('understands setext headings and strips inline markup from headings', () => {
    const doc = parseDocument(md(['Guide', '=====', '', 'Intro.', '', 'The **`ask`** [command](https://x)', '---', '', 'Ask text.']), 'setext.md');
    expect(doc.document.title).toBe('Guide');
    expect(paths(doc)).toEqual([['Guide'], ['The ask command']]);
  });

  it('drops a "Table of Contents" heading with its list of links', () => {
    const doc = parseDocument(md(['# Doc', '', '## Table of Contents', '', '- [A](#a)', '- [B](#b)', '', '## A', '', 'A text.', '', '## B', '', 'B text.']), 'toc.md');
    expect(paths(doc)).toEqual([['A'], ['B']]);
    expect(doc.skipped).toEqual([{ line: 3, endLine: 6, reason: 'table of contents' }]);
  });

  it('keeps a trailing "See also" list that sits under its own heading', () => {
    const doc = parseDocument(md(['# Doc', '', '## Body', '', 'Some real text here.', '', '## See also', '', '- [Other page](https://x)', '- [Another](https://y)']), 'see.md');
    expect(paths(doc)).toEqual([['Body'], ['See also']]);
  });

  it('loads .md and .txt files from subfolders, sorted, with paths relative to the corpus folder', async () => {
    const corpus = await loadCorpus('tests/fixtures/corpus/good');
    expect(corpus.problems).toEqual([]);
    expect(corpus.documents.map((d) => [d.id, d.file, d.title])).toEqual([
      ['guides-deploy', 'guides/deploy.md', 'Deploying Parley'],
      ['harbour', 'harbour.txt', 'Harbour Master Report'],
    ]);
    const env = corpus.passages.find((p) => p.headingPath.join('/') === 'Install/Environment');
    expect(env?.text).toContain('CORPUS_DIR: the folder with your documents (defaults to corpus/)');
    expect(env?.display).toContain('- `CORPUS_DIR`: the folder with your documents (defaults to `corpus/`)');
    expect(env?.id).toBe('guides-deploy/environment#1');
  });
});

describe('Markdown as READMEs and FAQs are written', () => {
  it('reads <details><summary> as a question heading with its answer, the question on the answer', () => {
    const doc = parseDocument(
      md([
        '# tool',
        '',
        '## FAQ',
        '',
        '<details><summary>Should I commit my `.env` file?</summary><br/>',
        '',
        'No. We **strongly** recommend against committing your `.env` file to version control, since it holds secrets.',
        '',
        '</details>',
        '',
        // A deeper heading after a closed <details> is the summary's sibling, not its child.
        '#### **Q: Can I use it with Docker?**',
        '',
        'Yes: pass the variables with `--env-file` when you start the container, and keep the file out of the image.',
      ]),
      'readme.md',
    );
    expect(paths(doc)).toEqual([['FAQ'], ['FAQ', 'Should I commit my .env file?'], ['FAQ', 'Q: Can I use it with Docker?']]);
    const [commit, docker] = doc.passages;
    expect(commit).toMatchObject({ question: 'Should I commit my .env file?', text: expect.stringMatching(/^No\. We strongly recommend against committing your \.env file/) });
    expect(commit?.display).toMatch(/^No\. We \*\*strongly\*\* recommend against committing your `\.env` file/);
    expect(docker).toMatchObject({ question: 'Q: Can I use it with Docker?' });
  });

  it('never takes a badge row for the title or a passage, and falls back to the file name with its own letters', () => {
    const badges = '[![npm](https://img.shields.io/npm/v/x.svg)](https://npmjs.org/x) [![ci](https://x/badge.svg)](https://x)';
    const doc = parseDocument(md([badges, '', 'A library that does one thing well, and says so in a paragraph long enough to stand alone here.']), 'abc-code-of-conduct.md');
    expect(doc.document.title).toBe('abc code of conduct');
    expect(doc.passages.map((p) => p.text)).toEqual(['A library that does one thing well, and says so in a paragraph long enough to stand alone here.']);
    expect(doc.skipped).toEqual([{ line: 1, endLine: 1, reason: 'images' }]);
    const titled = parseDocument(md([`# dotenv ${badges}`, '', 'Text of the readme.']), 'README.md');
    expect(titled.document.title).toBe('dotenv');
  });

  it('keeps a heading with no text of its own as a section with its subsections under it', () => {
    const doc = parseDocument(md(['# Guide', '', '## Usage', '', '### Basic usage', '', 'Call it.']), 'guide.md');
    expect(doc.sections.map((s) => [s.headingPath.join(' › '), s.passageIds.length])).toEqual([
      ['Usage', 0],
      ['Usage › Basic usage', 1],
    ]);
    expect(doc.problems).toEqual([]);
  });

  it('keeps link text in the plain text and the link in the display text', () => {
    const doc = parseDocument(md(['# D', '', 'Read [the guide](https://example.org/guide) or [the API](#api) first.']), 'd.md');
    expect(doc.passages[0]).toMatchObject({
      text: 'Read the guide or the API first.',
      display: 'Read [the guide](https://example.org/guide) or the API first.',
    });
  });
});
