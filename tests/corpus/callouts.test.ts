/**
 * Callout boxes in documentation sources: the marks around the box are not text, the box's text
 * (and its title) is.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../src/corpus/parse.js';

const md = (lines: string[]): string => `${lines.join('\n')}\n`;
const read = (lines: string[]): Array<[number, string, string | undefined]> =>
  parseDocument(md(lines), 'c.md', { minPassageChars: 0 }).passages.map((p) => [p.line, p.text, p.display]);

describe('a callout box', () => {
  it("drops Hugo's paired shortcode around the text, keeping its markup", () => {
    expect(read(['## Privacy', '', '{{< hint style="warning" >}}', 'You must **lock your account**.', '{{< /hint >}}', '', 'After the box.'])).toEqual([
      [4, 'You must lock your account.', 'You must **lock your account**.'],
      [7, 'After the box.', 'After the box.'],
    ]);
  });

  it('drops the ::: container marks, on their own paragraph or on the text, and keeps a title on its own line', () => {
    expect(read(['## Scaling', '', ":::tip What You'll Learn", '', 'Answers on scaling.', '', ':::', '', ':::note', 'A note.', ':::'])).toEqual([
      [3, "What You'll Learn", "What You'll Learn"],
      [5, 'Answers on scaling.', 'Answers on scaling.'],
      [10, 'A note.', 'A note.'],
    ]);
    expect(read(['## Scaling', '', ':::info Before you start', 'Back up first.', ':::'])).toEqual([[3, 'Before you start Back up first.', 'Before you start\nBack up first.']]);
  });

  it("drops GitHub's alert mark at the top of a block quote", () => {
    expect(read(['## Tokens', '', '> [!WARNING]', '> Never share your token.'])).toEqual([[3, 'Never share your token.', '> Never share your token.']]);
  });

  it('leaves the same marks alone in code, in running text, and an alert mark that is not on a line of its own', () => {
    expect(read(['## Syntax', '', 'Write ::: to close a box.', '', '```md', ':::tip', '{{< hint >}}', '```', '', '> [!NOTE] is how an alert starts.'])).toEqual([
      [3, 'Write ::: to close a box.', 'Write ::: to close a box.'],
      [5, ':::tip\n{{< hint >}}', '```md\n:::tip\n{{< hint >}}\n```'],
      [10, '[!NOTE] is how an alert starts.', '> [!NOTE] is how an alert starts.'],
    ]);
  });
});
