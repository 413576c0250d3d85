/** Small hot-path helpers of ranking: set containment and top-k selection without sorting. */

/** Every one of `needed` is in `terms` (a plain loop: this runs per sentence × alternative). */
export function containsAll(terms: ReadonlySet<string>, needed: readonly string[]): boolean {
  for (let i = 0; i < needed.length; i++) if (!terms.has(needed[i] as string)) return false;
  return true;
}

/** The `k` slots of `slots[0..count)` with the highest scores (any order): a quickselect, no full sort. */
export function topBy(slots: Int32Array, count: number, scores: Float64Array, k: number): number[] {
  if (count <= k) return Array.from(slots.subarray(0, count));
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = scores[slots[i] as number] as number;
  // Find the k-th largest value by quickselect over a copy.
  let left = 0;
  let right = count - 1;
  const target = k - 1;
  while (left < right) {
    const pivot = values[(left + right) >>> 1] as number;
    let i = left;
    let j = right;
    while (i <= j) {
      while ((values[i] as number) > pivot) i++;
      while ((values[j] as number) < pivot) j--;
      if (i <= j) {
        const swap = values[i] as number;
        values[i] = values[j] as number;
        values[j] = swap;
        i++;
        j--;
      }
    }
    if (target <= j) right = j;
    else if (target >= i) left = i;
    else break;
  }
  const threshold = values[target] as number;
  const picked: number[] = [];
  for (let i = 0; i < count && picked.length < k; i++)
    if ((scores[slots[i] as number] as number) > threshold) picked.push(slots[i] as number);
  for (let i = 0; i < count && picked.length < k; i++)
    if ((scores[slots[i] as number] as number) === threshold) picked.push(slots[i] as number);
  return picked;
}
