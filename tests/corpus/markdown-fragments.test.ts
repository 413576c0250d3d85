/**
 * Markdown and HTML structure that would otherwise leave fragment passages: a heading inside a
 * block quote, and a figure's caption. Each rule, and that ordinary documents read as before.
 */
import { describe, expect, it } from 'vitest';
import { parseFile } from '../../src/corpus/formats/index.js';
import { parseDocument } from '../../src/corpus/parse.js';

const md = (lines: string[]): string => `${lines.join('\n')}\n`;
const rows = (doc: ReturnType<typeof parseDocument>): string[][] => doc.passages.map((p) => [p.headingPath.join(' › '), p.text]);
const tiny = { minPassageChars: 0 };

describe('a heading inside a block quote', () => {
  it('opens a section at its own level, with the quoted paragraphs as its passages', () => {
    const doc = parseDocument(
      md(['# Guide', '', '## Support', '', 'Support text.', '', '> ## Security releases', '>', '> Breaking fixes may ship', '> in a minor release.', '>', '> Pin with a tilde.', '', '### Versions', '', 'Versions text.']),
      'g.md',
      tiny,
    );
    expect(rows(doc)).toEqual([
      ['Support', 'Support text.'],
      ['Security releases', 'Breaking fixes may ship in a minor release.\nPin with a tilde.'],
      ['Support › Versions', 'Versions text.'],
    ]);
    expect(doc.passages[1]?.display).toBe('> Breaking fixes may ship in a minor release.\n> Pin with a tilde.');
    expect(doc.passages[1]?.line).toBe(9);
    expect(doc.problems).toEqual([]);
  });

  it('gives the text after the quote back to the heading before it, as one section', () => {
    const doc = parseDocument(md(['## Support', '', 'Before the box.', '', '> ### Note', '> Inside the box.', '', 'After the box.']), 's.md', tiny);
    expect(rows(doc)).toEqual([
      ['Support', 'Before the box.'],
      ['Support', 'After the box.'],
      ['Support › Note', 'Inside the box.'],
    ]);
    expect(doc.sections.map((s) => s.id)).toEqual(['s/support', 's/note']);
    expect(doc.passages.map((p) => p.id)).toEqual(['s/support#1', 's/support#2', 's/note#1']);
  });

  it('keeps quoted text before the heading in the section the quote sits in', () => {
    const doc = parseDocument(md(['## Rules', '', '> Read this first.', '>', '> ### Why?', '> Because it matters.']), 'r.md', tiny);
    expect(rows(doc)).toEqual([
      ['Rules', 'Read this first.'],
      ['Rules › Why?', 'Because it matters.'],
    ]);
    expect(doc.passages[1]?.question).toBe('Why?');
  });

  it('reads a quote nested in a quote the same way, each back where it started', () => {
    const doc = parseDocument(md(['## Top', '', '> ### Outer', '> Outer text.', '>', '> > #### Inner', '> > Inner text.', '>', '> More outer text.', '', 'Top again.']), 'n.md', tiny);
    expect(rows(doc)).toEqual([
      ['Top', 'Top again.'],
      ['Top › Outer', 'Outer text.'],
      ['Top › Outer', 'More outer text.'],
      ['Top › Outer › Inner', 'Inner text.'],
    ]);
  });

  it('keeps the text around a quoted heading before the first heading as one introduction', () => {
    const doc = parseDocument(md(['Welcome.', '', '> ## Beta', '> Things may break.', '', 'Read on.', '', '## Usage', '', 'Use it.']), 'w.md', tiny);
    expect(rows(doc)).toEqual([
      ['w', 'Welcome.'],
      ['w', 'Read on.'],
      ['Beta', 'Things may break.'],
      ['Usage', 'Use it.'],
    ]);
    expect(doc.sections.map((s) => s.id)).toEqual(['w/intro', 'w/beta', 'w/usage']);
  });

  it('leaves a quote without a heading whole, and a quote inside a list item part of its item', () => {
    const plain = parseDocument(md(['## A', '', '> Just a quote', '> over two lines.', '', 'After.']), 'a.md', tiny);
    expect(rows(plain)).toEqual([
      ['A', 'Just a quote over two lines.'],
      ['A', 'After.'],
    ]);
    const listed = parseDocument(md(['## Steps', '', '- First step', '', '  > ## Careful', '  > Mind the gap.']), 'l.md', tiny);
    expect(rows(listed)).toEqual([['Steps', 'First step\nCareful\nMind the gap.']]);
  });
});

describe("a figure's caption", () => {
  it('joins the text after the image, after that text and in italics, never a passage of its own', () => {
    const doc = parseDocument(
      md(['## Notifications', '', '![Bell](bell.png) *The bell on a profile you follow*', '', 'Click the bell to be told of every new post.']),
      'n.md',
      tiny,
    );
    expect(rows(doc)).toEqual([['Notifications', 'Click the bell to be told of every new post.\nThe bell on a profile you follow']]);
    expect(doc.passages[0]?.display).toBe('Click the bell to be told of every new post.\n\n*The bell on a profile you follow*');
    expect(doc.passages[0]?.line).toBe(5);
  });

  it('is the italic line right under an image as well', () => {
    const doc = parseDocument(md(['## Dormant posts', '', '![Dormant message](dormant.png)', '*The message a dormant post shows.*', '', 'A post goes dormant after a day.']), 'd.md', tiny);
    expect(rows(doc)).toEqual([['Dormant posts', 'A post goes dormant after a day.\nThe message a dormant post shows.']]);
    const separate = parseDocument(md(['## Dormant posts', '', '![Dormant message](dormant.png)', '', '*The message a dormant post shows.*', '', 'A post goes dormant.']), 'd.md', tiny);
    expect(rows(separate)).toEqual([['Dormant posts', 'A post goes dormant.\nThe message a dormant post shows.']]);
  });

  it('joins the text before it when a heading follows', () => {
    const doc = parseDocument(md(['## Filters', '', 'Filters hide posts.', '', '{{< figure src="f.png" caption="Filters can expire" >}}', '', '## Compose', '', 'Write here.']), 'f.md', tiny);
    expect(rows(doc)).toEqual([
      ['Filters', 'Filters hide posts.\nFilters can expire'],
      ['Compose', 'Write here.'],
    ]);
  });

  it('goes with its image when its section has no text for it to join, the heading staying in the outline', () => {
    const doc = parseDocument(
      md(['## Actions', '', '{{< figure src="menu.png" caption="The menu offers various actions" >}}', '', '### Muting', '', 'Muting hides posts.', '', '## Screenshots', '', '![](a.png) *The main window*']),
      'a.md',
      tiny,
    );
    expect(rows(doc)).toEqual([['Actions › Muting', 'Muting hides posts.']]);
    expect(doc.sections.map((s) => [s.headingPath.join(' › '), s.passageIds.length])).toEqual([
      ['Actions', 0],
      ['Actions › Muting', 1],
      ['Screenshots', 0],
    ]);
    expect(doc.skipped).toEqual([
      { line: 3, endLine: 3, reason: 'images' },
      { line: 11, endLine: 11, reason: 'images' },
    ]);
    expect(doc.problems).toEqual([expect.objectContaining({ line: 9, message: 'heading "Screenshots" has only figures under it (their captions are not served alone)' })]);
  });

  it('is dropped, with its image, when it opens the page with no heading or text of its own', () => {
    const doc = parseDocument(md(['{{< figure src="compose.png" caption="The compose form" >}}', '', '## Text', '', 'Posts hold up to 500 characters.']), 'p.md', tiny);
    expect(rows(doc)).toEqual([['Text', 'Posts hold up to 500 characters.']]);
    expect(doc.skipped).toEqual([{ line: 1, endLine: 1, reason: 'images' }]);
  });

  it('keeps the quotes inside a figure call\'s caption', () => {
    const doc = parseDocument(md(['## Search', '', 'Search finds hashtags.', '', '{{< figure src="s.png" caption="Results for &quot;friday&quot; in the search" width="70%" >}}']), 's.md', tiny);
    expect(rows(doc)).toEqual([['Search', 'Search finds hashtags.\nResults for "friday" in the search']]);
  });

  it('joins the next text together with the captions before it', () => {
    const doc = parseDocument(md(['## Search', '', '![](a.png) *First result*', '', '![](b.png) *Second result*', '', 'Search finds posts.']), 's.md', tiny);
    expect(rows(doc)).toEqual([['Search', 'Search finds posts.\nFirst result\nSecond result']]);
  });

  it('is a one-line figcaption in an HTML page too', async () => {
    const html = '<main><h1>Guide</h1><h2>Bell</h2><figure><img src="bell.png" alt=""><figcaption>The bell icon</figcaption></figure><p>Click the bell.</p></main>';
    const result = await parseFile(new TextEncoder().encode(html), 'guide.html', tiny);
    expect(result.kind === 'ok' ? result.parsed.passages.map((p) => [p.headingPath.join(' › '), p.text, p.display]) : result).toEqual([
      ['Bell', 'Click the bell.\nThe bell icon', 'Click the bell.\n\n*The bell icon*'],
    ]);
  });

  it('leaves italic text that is not under an image where it is, as ordinary text', () => {
    const doc = parseDocument(md(['## Roles', '', '*Note: similar roles exist for game jams.*', '', 'Roles are given by staff.']), 'r.md', tiny);
    expect(rows(doc)).toEqual([
      ['Roles', 'Note: similar roles exist for game jams.'],
      ['Roles', 'Roles are given by staff.'],
    ]);
    const afterText = parseDocument(md(['## Roles', '', 'Roles are given by staff.', '', '*Ask in the help channel.*']), 'r.md', tiny);
    expect(rows(afterText)).toEqual([
      ['Roles', 'Roles are given by staff.'],
      ['Roles', 'Ask in the help channel.'],
    ]);
  });
});

describe('a lead-in line before code', () => {
  it('keeps the code words in the index text, as the display shows them', () => {
    const doc = parseDocument(md(['## Install', '', 'Using npm:', '', '```sh', 'npm install pino', '```']), 'i.md');
    expect(rows(doc)).toEqual([['Install', 'Using npm:\nnpm install pino']]);
    expect(doc.passages[0]?.display).toBe('Using npm:\n```sh\nnpm install pino\n```');
  });
});
