/** Query-latency measurement: percentiles over a question list, bounded by count and by time. */

export interface LatencyStats {
  /** Questions actually timed (fewer than asked when the time budget ran out). */
  readonly queries: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  /**
   * CPU time of the process per question (user + system, all threads): unlike wall time it barely
   * moves when other work shares the machine, so it is the figure to compare across noisy runs.
   */
  readonly cpuP50Ms?: number;
  readonly cpuP99Ms?: number;
}

export interface MeasureOptions {
  /** Untimed questions first, so the JIT has compiled the hot path (default 20). */
  readonly warmup?: number;
  /** Stop timing after this much wall time, whatever is left (default: no limit). */
  readonly budgetMs?: number;
  /** At least this many questions are timed even past the budget (default 1). */
  readonly minQueries?: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1] as number;
}

export function summarize(samples: readonly number[]): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    queries: sorted.length,
    p50Ms: round(percentile(sorted, 0.5)),
    p99Ms: round(percentile(sorted, 0.99)),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN),
    meanMs: round(sorted.length ? sum / sorted.length : Number.NaN),
  };
}

/** Times `answer(q)` for each question; the results are kept alive so no library work is optimized away. */
export function measure(
  questions: readonly string[],
  answer: (q: string) => unknown,
  options: MeasureOptions = {},
): LatencyStats {
  const { warmup = 20, budgetMs = Number.POSITIVE_INFINITY, minQueries = 1 } = options;
  let sink = 0;
  const warmStart = performance.now();
  for (let i = 0; i < Math.min(warmup, questions.length); i++) {
    sink += keep(answer(questions[i] as string));
    // Warm-up also counts against the budget: a very slow library gets at least `minQueries`.
    if (performance.now() - warmStart > budgetMs / 4) break;
  }
  const samples: number[] = [];
  const cpu: number[] = [];
  const start = performance.now();
  for (const q of questions) {
    if (samples.length >= minQueries && performance.now() - start > budgetMs) break;
    const c = process.cpuUsage();
    const t = performance.now();
    sink += keep(answer(q));
    samples.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  if (sink === -1) console.error('unreachable');
  const sortedCpu = cpu.sort((a, b) => a - b);
  return {
    ...summarize(samples),
    cpuP50Ms: round(percentile(sortedCpu, 0.5)),
    cpuP99Ms: round(percentile(sortedCpu, 0.99)),
  };
}

function keep(result: unknown): number {
  return Array.isArray(result) ? result.length : result === undefined ? 0 : 1;
}

export function round(ms: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(ms * f) / f;
}
