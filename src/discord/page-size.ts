/**
 * How many passages one page of an answer shows: what `/ask results` accepts, what a paging or
 * "did you mean" button carries, and what the answer renderer lays out.
 */

/**
 * Passages per page: 1 to 5, 3 unless the member asks otherwise. Each passage is an embed, and
 * Discord allows 6,000 characters across a message's embeds: five passages still get a readable
 * length each; three show the best answers without a wall of text.
 */
export const PAGE_SIZE = { min: 1, max: 5, default: 3 } as const;

/**
 * A requested page size made valid: whole, within {@link PAGE_SIZE}, the default when it is not a
 * finite number.
 *
 * @example pageSize(9) // 5
 * @example pageSize(undefined) // 3
 */
export function pageSize(requested: unknown): number {
  const n = typeof requested === 'number' ? requested : Number(requested ?? Number.NaN);
  if (!Number.isFinite(n)) return PAGE_SIZE.default;
  return Math.min(PAGE_SIZE.max, Math.max(PAGE_SIZE.min, Math.trunc(n)));
}
