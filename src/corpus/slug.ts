/**
 * Slugs for stable ids: lower-case words joined by "-", diacritics folded, bounded in length.
 * Latin text becomes ASCII; other scripts keep their letters so their ids stay distinct.
 */

/**
 * @example
 * slugify('Rome: A Recurring Venue'); // → 'rome-a-recurring-venue'
 */
export function slugify(text: string, maxLength = 48): string {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  let slug = '';
  for (const word of words) {
    const next = slug === '' ? word : `${slug}-${word}`;
    if (next.length > maxLength) {
      if (slug === '') slug = word.slice(0, maxLength);
      break;
    }
    slug = next;
  }
  return slug;
}

/** Returns `base`, or `base-2`, `base-3`… the first not in `taken`; records it in `taken`. */
export function uniqueSlug(base: string, taken: Set<string>): string {
  if (!taken.has(base)) {
    taken.add(base);
    return base;
  }
  // Remember where each base's count got to, so a heading repeated n times costs O(n), not O(n²).
  let next = nextSuffix.get(taken)?.get(base) ?? 2;
  let candidate = `${base}-${next}`;
  while (taken.has(candidate)) candidate = `${base}-${++next}`;
  taken.add(candidate);
  let counters = nextSuffix.get(taken);
  if (!counters) nextSuffix.set(taken, (counters = new Map<string, number>()));
  counters.set(base, next + 1);
  return candidate;
}

const nextSuffix = new WeakMap<Set<string>, Map<string, number>>();
