/** Cleaning what callers pass to `ask()`: any value, any length, any characters. */

export function cleanQuestion(question: unknown, max: number): string {
  // Numbers and the like read as themselves; an object or nothing is no question at all.
  let text =
    typeof question === 'string'
      ? question
      : typeof question === 'number' || typeof question === 'boolean' || typeof question === 'bigint'
        ? String(question)
        : '';
  // Control characters become spaces so they cannot glue words together or reach a terminal.
  text = text.replace(/[\p{Cc}]/gu, ' ');
  if (text.length > max) {
    const cut = text.slice(0, max);
    const space = cut.lastIndexOf(' ');
    text = space > max * 0.8 ? cut.slice(0, space) : cut;
    // Never leave half of a surrogate pair.
    if (/[\uD800-\uDBFF]$/.test(text)) text = text.slice(0, -1);
  }
  return text;
}

export function clampInt(value: unknown, fallback: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

export function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}
