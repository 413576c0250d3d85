/** Word helpers shared by the generators and the question maker. */

/** Common English function words: kept as they are when the synthetic corpus rewrites sentences. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both ' +
    'but by can could did do does doing down during each few for from further had has have having he her here hers ' +
    'him his how i if in into is it its itself just me more most my no nor not now of off on once only or other our ' +
    'out over own same she should so some such than that the their them then there these they this those through to ' +
    'too under until up very was we were what when where which while who whom why will with would you your'
  ).split(' '),
);

/** The letters-and-digits core of a token (`"Rome,"` → `Rome`). */
export function core(token: string): string {
  return token.replace(/^[^\p{L}\p{N}]+|(?<![^\p{L}\p{N}])[^\p{L}\p{N}]+$/gu, '');
}

/** Sentences of a text: split after `.`, `!` or `?` followed by white space. */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+/u)
    .map((s) => s.trim())
    .filter((s) => s.split(/\s+/u).length >= 4);
}

export function titleCase(words: readonly string[]): string {
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}
