/**
 * Boilerplate at the end of scraped articles: the trail of unrelated link titles ("related
 * articles", celebrity headlines, URL-encoded names) and the comment call-to-action. Decided by
 * structure and position — what follows the last real paragraph and how it is shaped — never by
 * listing known lines, so a different site's tail goes too and real closing text stays.
 */
import { type Block, SENTENCE_END, isProse, titleCaseRatio } from './blocks.js';
import { splitSentences } from './split.js';

/** Percent-encoded bytes in what should be plain words: a link slug pasted as text ("Carre%C3%B1o"). */
const URL_ENCODED = /%[0-9A-F]{2}/i;
/** "Headline | Site Name" at the end of a line: a link title (even when the headline ends in a full stop). */
const SITE_SUFFIX = /\s[|»]\s\S.{0,60}$/u;
const URL = /\bhttps?:\/\/\S+/i;
/** Site footer lines: copyright and rights notices. */
const FOOTER = /^(?:©|\(c\)\s|copyright\b)|\ball rights reserved\b/i;

/** Words asking the reader to act on the page, not about the subject ("share" only as "share your/this"). */
const ENGAGEMENT =
  /\b(comments?|commenting|subscribe|subscribing|newsletter|sign up|follow us|let us know|let me know|tell us|leave a|drop a|join the (?:conversation|discussion)|share (?:your|this|it|with)|like this (?:article|post|story)|stay tuned|hit the bell)\b/i;
/** Addressing the reader: a question, or "you". */
const ADDRESS = /\?|\b(you|your|yours)\b/i;

/** A short line that is a link title rather than text: headline-shaped, no sentence ending. */
function isLinkLine(line: string): boolean {
  const t = line.replace(/^\s*(?:[-*+•–]|\d{1,3}[.)])\s+/u, '').trim();
  if (t === '') return true;
  if (FOOTER.test(t) && t.length <= 200) return true;
  if (URL_ENCODED.test(t) || SITE_SUFFIX.test(t)) return t.length <= 200;
  if (URL.test(t) && t.replace(URL, '').trim().length < 40) return true;
  if (t.length > 120) return false;
  if (/[?]["”’')]*$/u.test(t)) return titleCaseRatio(t) >= 0.6; // "Will Iran Return To Talks?"
  return !SENTENCE_END.test(t);
}

/** A block that belongs to a trailing link list. */
function isLinkBlock(block: Block | undefined, previous: Block | undefined): boolean {
  if (!block) return false;
  if (block.kind === 'list') {
    // A list introduced by its own sentence ("The proposal has three parts:") is content.
    if (previous && /:\s*$/.test(previous.text)) return false;
    return block.text.split('\n').every(isLinkLine);
  }
  if (block.kind === 'prose') return isLinkLine(block.text);
  return false; // explicit headings, code and tables are the author's structure
}

/** A short closing paragraph that addresses the reader and asks for comments, shares or sign-ups. */
export function isCallToAction(text: string): boolean {
  const t = text.trim();
  if (t.length > 400) return false;
  if (splitSentences(t).length > 4) return false;
  return ADDRESS.test(t) && ENGAGEMENT.test(t);
}

/**
 * Index of the first boilerplate block at the end of `blocks` (`blocks.length` when there is
 * none). Only trims after at least one real paragraph, so a document made only of short lines
 * is left alone.
 */
export function boilerplateStart(blocks: readonly Block[]): number {
  let end = blocks.length;
  // 1. The trailing run of link-shaped blocks, when a real paragraph precedes it.
  let start = end;
  while (start > 0 && isLinkBlock(blocks[start - 1], blocks[start - 2])) start--;
  if (start < end) {
    const before = blocks[start - 1];
    if (before && before.kind === 'prose' && isProse(before.text)) end = start;
  }
  // 2. Calls to action just before (or instead of) it: at most two short closing paragraphs.
  for (let k = 0; k < 2 && end > 0; k++) {
    const last = blocks[end - 1];
    const before = blocks[end - 2];
    if (!last || last.kind !== 'prose' || !isCallToAction(last.text)) break;
    if (!before || before.kind === 'heading') break; // the only text of its section: keep it
    end--;
  }
  return end;
}
