/**
 * Rendering is a pure function of immutable inputs (passage text, highlight spans, room), and a
 * server renders the same passages for the same questions again and again: the results are kept
 * in small bounded maps, cleared whole when full (no per-hit bookkeeping).
 */

/** Parts joined so that no two different lists give the same key, whatever characters they hold. */
export function lengthPrefixed(parts: readonly string[]): string {
  let key = '';
  for (const part of parts) key += `${part.length}:${part}`;
  return key;
}

/** Keeps `value` under `key`, first emptying the map when it holds `max` entries. */
export function remember<V>(cache: Map<string, V>, key: string, value: V, max: number): void {
  if (cache.size >= max) cache.clear();
  cache.set(key, value);
}
