/**
 * Display text (Discord Markdown from a structured document) as an answer shows it: matched
 * words bold and the best sentence underlined outside code and URLs, long passages cut between
 * whole lines with code blocks closed, mentions broken only where one would form.
 */
import fc from 'fast-check';
import { assert, describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/corpus/parse.js';
import { protectedRanges, renderDisplay } from '../../src/discord/highlight.js';
import { renderAnswer, renderSectionPage, renderToc } from '../../src/discord/render.js';
import type { Corpus } from '../../src/types.js';
import { highlights, hitOn } from '../support/hits.js';
import { checkMessageLimits } from '../support/limits.js';

const DISPLAY = [
  'Install it with `npm install minisearch@7.2.0` and read the [search docs](https://lucaong.github.io/minisearch/search.html).',
  '',
  '```js',
  "const search = new MiniSearch({ fields: ['search'] })",
  '```',
  '',
  'The search runs in memory. Results come back ranked.',
].join('\n');
/** The same passage as plain text, as the corpus builder writes it beside the display. */
const TEXT = [
  'Install it with npm install minisearch@7.2.0 and read the search docs.',
  "const search = new MiniSearch({ fields: ['search'] })",
  'The search runs in memory. Results come back ranked.',
].join('\n');

describe('renderDisplay', () => {
  it('bolds matched words outside code spans, code blocks and URLs, and keeps them verbatim', () => {
    const out = renderDisplay(DISPLAY, TEXT, highlights(TEXT, ['search', 'minisearch']), 4000);
    assert.exists(out);
    expect(out).toContain('`npm install minisearch@7.2.0`');
    expect(out).toContain('[**search** docs](https://lucaong.github.io/minisearch/search.html)');
    expect(out).toContain("```js\nconst search = new MiniSearch({ fields: ['search'] })\n```");
    expect(out).toContain('The **search** runs in memory.');
  });

  it('underlines the best sentence the index found in the plain text', () => {
    const out = renderDisplay(DISPLAY, TEXT, highlights(TEXT, ['ranked'], 'Results come back ranked.'), 4000);
    assert.exists(out);
    expect(out).toContain('__Results come back **ranked**.__');
  });

  it('underlines a sentence around its markup, never inside code or a link target', () => {
    const out = renderDisplay(
      DISPLAY,
      TEXT,
      highlights(TEXT, [], 'Install it with npm install minisearch@7.2.0 and read the search docs.'),
      4000,
    );
    assert.exists(out);
    expect(out).toContain(
      '__Install it with__ `npm install minisearch@7.2.0` __and read the__ [__search docs__](https://lucaong.github.io/minisearch/search.html).',
    );
  });

  it('breaks @everyone and <@id> outside code, never an @ in a package name or a URL', () => {
    const display = 'Ping @everyone about <@123>, see `@everyone` and https://x.org/@here and pkg@1.0.';
    const out = renderDisplay(display, display, highlights(display, []), 4000);
    assert.exists(out);
    expect(out).toContain('Ping @\u200deveryone about <\u200d@123>');
    expect(out).toContain('pkg@1.0');
    for (const r of protectedRanges(out)) expect(out.slice(r.start, r.end)).not.toContain('\u200d');
  });

  it('shows a long passage as whole lines around the best sentence, a long code block cut between lines and closed', () => {
    const lines = Array.from({ length: 80 }, (_, i) => `line ${i} of the example`);
    const display = ['Run the example:', '```sh', ...lines, '```', '', 'Afterwards the results are printed.'].join(
      '\n',
    );
    const text = ['Run the example:', ...lines, 'Afterwards the results are printed.'].join('\n');
    const out = renderDisplay(display, text, highlights(text, ['results'], 'Afterwards the results are printed.'), 400);
    assert.exists(out);
    expect(out.length).toBeLessThanOrEqual(400);
    expect(out).toContain('__Afterwards the **results** are printed.__');
    const code = renderDisplay(display, text, highlights(text, ['example'], 'line 0 of the example'), 600);
    assert.exists(code);
    expect(code.length).toBeLessThanOrEqual(600);
    expect((code.match(/^```/gm) ?? []).length % 2).toBe(0);
  });

  it('fits any display text and terms into the room it is given, with balanced fences', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ maxLength: 60 }),
            fc.constantFrom('```js', '```', '`code`', '[a](https://a.b/c)', '**bold**', '@everyone', '- item', ''),
          ),
          { maxLength: 40 },
        ),
        fc.array(fc.constantFrom('code', 'a', 'item', 'bold', 'x'), { maxLength: 4 }),
        fc.integer({ min: 50, max: 1500 }),
        (lines, terms, max) => {
          const display = lines.join('\n');
          const out = renderDisplay(display, display, highlights(display, terms), max);
          if (out !== undefined) expect(out.length).toBeLessThanOrEqual(max);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('answers and sections from a Markdown document', () => {
  const doc = parseDocument(
    [
      '# Guide',
      '',
      '## Usage',
      '',
      '### Basic usage',
      '',
      'Call `ask()` with a question; see [the API](https://example.org/api) for the options it takes and what it returns.',
      '',
      '## FAQ',
      '',
      '### Should I commit my config file?',
      '',
      'No. Keep it out of version control, and give each environment its own copy of it.',
    ].join('\n'),
    'guide.md',
  );
  const corpus: Corpus = { documents: [doc.document], sections: doc.sections, passages: doc.passages, problems: [] };

  it('titles an FAQ answer with its question and shows its display text', () => {
    const passage = doc.passages.find((p) => p.question !== undefined);
    assert.exists(passage);
    const message = renderAnswer({
      query: 'commit config',
      hits: [hitOn(passage, ['commit'])],
      topScore: 1,
      offset: 0,
      limit: 3,
      total: 1,
    });
    expect(message.embeds?.[0]?.title).toBe('Should I commit my config file?');
    const usage = doc.passages.find((p) => p.headingPath.join('/') === 'Usage/Basic usage');
    assert.exists(usage);
    const shown = renderAnswer({
      query: 'api',
      hits: [hitOn(usage, ['API'])],
      topScore: 1,
      offset: 0,
      limit: 3,
      total: 1,
    });
    expect(shown.embeds?.[0]?.description).toBe(
      'Call `ask()` with a question; see [the **API**](https://example.org/api) for the options it takes and what it returns.',
    );
    expect(checkMessageLimits(shown)).toEqual([]);
  });

  it('keeps a heading with no text of its own in /sections, and /section shows its subsections', () => {
    const usage = doc.sections.find((s) => s.headingPath.join('/') === 'Usage');
    assert.exists(usage);
    expect(usage.passageIds).toEqual([]);
    const toc = renderToc(corpus, corpus.documents).embeds?.[0]?.description ?? '';
    expect(toc.split('\n')).toEqual([
      '• Usage',
      '\u2003◦ Basic usage — 1 passage',
      '• FAQ',
      '\u2003◦ Should I commit my config file? — 1 passage',
    ]);
    const page = renderSectionPage(corpus, usage, 0).embeds?.[0]?.description;
    expect(page).toBe('*This heading has no text of its own. Its subsections:*\n• Basic usage');
    const basic = doc.sections.find((s) => s.headingPath.join('/') === 'Usage/Basic usage');
    assert.exists(basic);
    expect(renderSectionPage(corpus, basic, 0).embeds?.[0]?.description).toContain(
      '[the API](https://example.org/api)',
    );
  });
});
