/**
 * The marks that open and close a callout box (a note, tip or warning) in the sources of
 * documentation sites: Hugo's paired shortcodes (`{{< hint style="warning" >}}` … `{{< /hint >}}`),
 * the `:::tip` … `:::` containers of Docusaurus, VitePress and other generators, and GitHub's
 * `> [!NOTE]` alerts. Markdown reads them as text, but a reader of the page sees a box around the
 * text, never the marks: the text is kept (and a box's title), the marks are neither indexed nor
 * shown.
 */
import type { Paragraph, PhrasingContent } from 'mdast';
import { shortcodeText } from './shortcodes.js';

/** GitHub's alert mark, first in a block quote: `[!NOTE]`, `[!WARNING]` … */
const ALERT = /^\[![a-z]+\][ \t]*(?:\n|$)/i;

/** A Hugo shortcode on a line of its own (`{{< name … >}}` or `{{% name … %}}`), opening or closing. */
function shortcode(line: string): 'open' | 'close' | undefined {
  const t = line.trim();
  if (!(t.startsWith('{{<') || t.startsWith('{{%')) || !(t.endsWith('>}}') || t.endsWith('%}}'))) return undefined;
  return t.slice(3).trimStart().startsWith('/') ? 'close' : 'open';
}

/** What a line opening a callout leaves as text: its title (`:::tip Title`, `title="…"`), if any. */
function opening(line: string): string | undefined {
  if (shortcode(line) === 'open') return shortcodeText(line) ?? '';
  const t = line.trim();
  if (!t.startsWith(':::')) return undefined;
  const rest = t.replace(/^:+/, '').trim();
  if (rest === '' || !/^[a-z]/i.test(rest)) return undefined;
  const space = rest.search(/\s/);
  return space === -1 ? '' : rest.slice(space + 1).trim();
}

function closing(line: string): boolean {
  const t = line.trim();
  return shortcode(t) === 'close' || (t.length >= 3 && /^:+$/.test(t));
}

/**
 * A paragraph without the callout marks on its first and last lines (the same paragraph when it
 * has none). `quoteStart`: the paragraph opens a block quote, where GitHub's alert mark may stand.
 * When the first line goes, the paragraph starts on the line after it.
 *
 * @example
 * withoutCalloutMarks(paragraphOf(':::tip\nUse a tilde.\n:::'), false); // → the paragraph "Use a tilde."
 */
export function withoutCalloutMarks(paragraph: Paragraph, quoteStart: boolean): Paragraph {
  const children = [...paragraph.children];
  let position = paragraph.position;
  const first = children[0];
  if (first?.type === 'text') {
    const newline = first.value.indexOf('\n');
    const line = newline === -1 ? first.value : first.value.slice(0, newline);
    const rest = newline === -1 ? '' : first.value.slice(newline + 1);
    const kept = opening(line);
    const alert = quoteStart && ALERT.test(first.value);
    if (kept !== undefined || alert) {
      const value = alert ? first.value.replace(ALERT, '') : rest;
      const dropsLine = alert ? ALERT.exec(first.value)?.[0].endsWith('\n') === true : kept === '';
      const start = first.position?.start;
      const moved = dropsLine && start && position ? { ...position.start, line: start.line + 1 } : undefined;
      children[0] = { ...first, value, ...(moved && first.position ? { position: { ...first.position, start: moved } } : {}) };
      // A title stays on a line of its own, as the box shows it above its text.
      if (!alert && kept !== undefined && kept !== '') children.unshift({ type: 'text', value: kept }, { type: 'break' });
      if (moved && position) position = { ...position, start: moved };
    }
  }
  const last = children[children.length - 1];
  if (last?.type === 'text') {
    const newline = last.value.lastIndexOf('\n');
    const line = newline === -1 ? last.value : last.value.slice(newline + 1);
    if (closing(line)) children[children.length - 1] = { ...last, value: newline === -1 ? '' : last.value.slice(0, newline) };
  }
  if (children.every((c, i) => c === paragraph.children[i])) return paragraph;
  const kept: PhrasingContent[] = children.filter((c) => !(c.type === 'text' && c.value === ''));
  return { ...paragraph, children: kept, ...(position ? { position } : {}) };
}
