/** Issue 7's targets, checked against a run's figures. */
import type { BenchResult, LibraryRow, Target } from './result.js';
import type { ScaleResult } from './scale-child.js';

const ok = (e: LibraryRow | undefined): e is ScaleResult => e !== undefined && !('error' in e);
const ms = (n: number) => `${n.toLocaleString('en-US', { maximumFractionDigits: 2 })} ms`;
/** Wall time, with CPU time beside it when known (the honest figure on a shared machine). */
const wallCpu = (wall: number, cpu: number | undefined) =>
  cpu === undefined ? ms(wall) : `${ms(wall)} (CPU ${ms(cpu)})`;

export function checkTargets(r: BenchResult): Target[] {
  const out: Target[] = [];
  if (r.seed)
    out.push({
      target: 'seed: ask() p99 ≤ 2 ms',
      measured: wallCpu(r.seed.parley.p99Ms, r.seed.parley.cpuP99Ms),
      met: r.seed.parley.p99Ms <= 2,
    });
  for (const row of r.scale) {
    const p = row.parley;
    const name = `${row.corpus} ${row.passages.toLocaleString('en-US')}`;
    if (!ok(p)) {
      if (p) out.push({ target: `${name}: parley builds and answers`, measured: p.error, met: false });
      continue;
    }
    if (row.passages === 100_000) {
      out.push({ target: `${name}: p50 ≤ 10 ms`, measured: wallCpu(p.p50Ms, p.cpuP50Ms), met: p.p50Ms <= 10 });
      out.push({ target: `${name}: p99 ≤ 50 ms`, measured: wallCpu(p.p99Ms, p.cpuP99Ms), met: p.p99Ms <= 50 });
      if (ok(row.minisearch)) {
        const x = row.minisearch.p99Ms / p.p99Ms;
        out.push({ target: `${name}: p99 ≥ 20× faster than MiniSearch`, measured: `${x.toFixed(1)}×`, met: x >= 20 });
      }
      if (ok(row.flexsearch)) {
        const x = p.p99Ms / row.flexsearch.p99Ms;
        out.push({
          target: `${name}: p99 within 2× of FlexSearch`,
          measured: `${x.toFixed(2)}× FlexSearch`,
          met: x <= 2,
        });
      }
      out.push({
        target: `${name}: build ≤ 15 s`,
        measured: `${(p.buildMs / 1000).toFixed(1)} s (CPU ${(p.buildCpuMs / 1000).toFixed(1)} s)`,
        met: p.buildMs <= 15_000,
      });
      out.push({ target: `${name}: index heap ≤ 1 GB`, measured: `${p.heapMB.toFixed(0)} MB`, met: p.heapMB <= 1024 });
    }
    if (row.passages >= 1_000_000) {
      out.push({ target: `${name}: p99 < 1 s`, measured: wallCpu(p.p99Ms, p.cpuP99Ms), met: p.p99Ms < 1000 });
    }
  }
  // The 100k corpus loads as a few passages fewer (the loader merges some): 99,986.
  if (r.coldStart && r.coldStart.passages >= 90_000) {
    const c = r.coldStart;
    const cpu = c.rebuildCpuMs && c.cacheCpuMs ? ` (CPU ${((c.cacheCpuMs / c.rebuildCpuMs) * 100).toFixed(0)}%)` : '';
    out.push({
      target: 'warm start ≤ 1/3 of rebuild (100k)',
      measured: `${(c.ratio * 100).toFixed(0)}%${cpu}`,
      met: c.ratio <= 1 / 3,
    });
  }
  if (r.e2e) {
    out.push({
      target: 'e2e: ≥ 500 interactions/s',
      measured: `${r.e2e.perSecond.toFixed(0)}/s`,
      met: r.e2e.perSecond >= 500,
    });
    if (r.e2e.botP99Ms !== undefined) {
      out.push({ target: 'e2e: bot processing p99 ≤ 10 ms', measured: ms(r.e2e.botP99Ms), met: r.e2e.botP99Ms <= 10 });
    }
  }
  return out;
}
