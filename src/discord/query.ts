/**
 * Turning what a member typed (or a message they right-clicked) into the query we pass to
 * `searcher.ask()`: invisible characters removed, whitespace collapsed, and long text reduced
 * to its key terms so a pasted essay still finds its passages and fits in a button's state.
 */
import { eng } from 'stopword';
import { QUESTION_MAX_LENGTH, type Searcher } from '../types.js';
import { stripInvisible } from './escape.js';

/** How much of a pasted text is read when looking for key terms. */
export const KEY_TERMS_INPUT_MAX = 20_000;
/** How many key terms a long text is reduced to. */
export const KEY_TERMS_MAX = 12;

const STOP = new Set(eng);

/** Removes invisible characters and collapses whitespace. */
export function cleanText(text: string): string {
  return stripInvisible(text).replace(/\s+/g, ' ').trim();
}

/** Mentions say who is addressed, not what is asked: `@everyone`, `<@id>`, `<#id>`… */
const MENTION = /<(?:@[!&]?|#|\/[^:>\s]{1,32}:)\d{1,20}>|@(?:everyone|here)\b/g;

/**
 * Shaped like a bot token (base64 id . timestamp . HMAC; the shape `src/log.ts` scrubs): a member
 * who pastes one by mistake must not see it echoed back in a public answer's question line.
 */
// Starting only where a run of word characters starts keeps it linear on a long run without dots.
const TOKEN_SHAPED = /(?<![\w-])[\w-]{16,}\.[\w-]{4,}\.[\w-]{20,}/g;

/** Text fit to search: cleaned, mentions and token-shaped strings removed. */
export function cleanQuery(text: string): string {
  return cleanText(stripInvisible(text).replace(MENTION, ' ').replace(TOKEN_SHAPED, ' '));
}

const WORD = /[\p{L}\p{N}](?:[\p{L}\p{N}'’.%-]*[\p{L}\p{N}%])?/gu;

/**
 * The most distinctive words of a long text: not stop words, known to the corpus (the searcher
 * can complete them), weighted by how often the text uses them and by length (longer words are
 * rarer). Returned in the order they first appear, so the query still reads naturally.
 *
 * @example keyTerms('They met again in Rome, and Rome was ...', searcher) // ['met', 'rome', …]
 */
export function keyTerms(text: string, searcher: Searcher, max = KEY_TERMS_MAX): string[] {
  const words = cleanText(text.slice(0, KEY_TERMS_INPUT_MAX)).toLowerCase().match(WORD) ?? [];
  const stats = new Map<string, { count: number; first: number }>();
  words.forEach((word, position) => {
    if (word.length < 2 || STOP.has(word)) return;
    const entry = stats.get(word);
    if (entry) entry.count += 1;
    else stats.set(word, { count: 1, first: position });
  });
  const weight = (word: string, count: number) => count * (1 + Math.log(word.length));
  const candidates = [...stats.entries()]
    .sort((a, b) => weight(b[0], b[1].count) - weight(a[0], a[1].count))
    // Checking against the corpus costs one complete() each: bound it.
    .slice(0, max * 5);
  const known = candidates.filter(([word]) => searcher.complete(word, 1).length > 0);
  // A text about nothing the corpus knows still gets searched (ask() then says no-match politely).
  const chosen = (known.length > 0 ? known : candidates).slice(0, max);
  return chosen.sort((a, b) => a[1].first - b[1].first).map(([word]) => word);
}

/**
 * The query for `ask()`: the cleaned text when it is at most {@link QUESTION_MAX_LENGTH} characters,
 * else its key terms (cut to fit).
 */
export function toQuery(text: string, searcher: Searcher): string {
  const cleaned = cleanQuery(text);
  if (cleaned.length <= QUESTION_MAX_LENGTH) return cleaned;
  let query = '';
  for (const term of keyTerms(cleaned, searcher)) {
    if (query.length + term.length + 1 > QUESTION_MAX_LENGTH) break;
    query = query ? `${query} ${term}` : term;
  }
  return query || cleaned.slice(0, QUESTION_MAX_LENGTH).replace(/\s\S*$/, '');
}
