/** Human-readable report: Markdown tables (the README's "Performance" section takes them as they are). */
import type { BenchResult, LibraryRow, Target } from './result.js';
import { LIBRARIES } from './libraries.js';

const fmt = (n: number | undefined, digits = 1): string =>
  n === undefined || Number.isNaN(n)
    ? '–'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map((_, i) => (i === 0 ? '---' : '---:'))), ...rows.map(line)].join('\n');
}

export function renderReport(r: BenchResult, command: string): string {
  const out: string[] = [];
  const m = r.machine;
  out.push(
    `Measured with \`${command}\` on ${m.cpu} (${m.cores} cores, ${m.memoryGB} GB), Node ${m.node}, minisearch ${m.minisearch}, flexsearch ${m.flexsearch}, ${m.date.slice(0, 16).replace('T', ' ')} UTC, commit ${m.commit}; 1-min load average ${m.loadAvg1m} at start${r.machine.loadAvg1mEnd !== undefined ? `, ${r.machine.loadAvg1mEnd} at end` : ''} (2 cores: above ~1, other work shared the machine — compare the CPU columns).`,
  );
  for (const again of r.remeasured ?? []) {
    const scope = again.sizes
      ? ` (scale: ${again.sizes.map((n) => n.toLocaleString('en-US')).join(', ')} passages, ${again.libraries?.join(', ')})`
      : '';
    out.push(
      '',
      `Measured again later: ${again.parts.join(', ')}${scope} (commit ${again.machine.commit}, ${again.machine.date.slice(0, 16).replace('T', ' ')} UTC, load average ${again.machine.loadAvg1m}).`,
    );
  }
  if (r.seed) {
    const s = r.seed;
    out.push(
      '',
      `### Seed corpus: ${s.passages} passages, ${s.questions} questions (${s.devQuestions} dev questions cycled + generated)`,
      '',
    );
    out.push(
      table(
        ['library', 'p50 ms', 'p99 ms', 'max ms', 'CPU p50 ms', 'CPU p99 ms', 'queries'],
        [
          [
            'Parley `ask()`',
            fmt(s.parley.p50Ms, 3),
            fmt(s.parley.p99Ms, 3),
            fmt(s.parley.maxMs, 3),
            fmt(s.parley.cpuP50Ms, 3),
            fmt(s.parley.cpuP99Ms, 3),
            String(s.parley.queries),
          ],
          [
            'MiniSearch defaults `search()`',
            fmt(s.baseline.p50Ms, 3),
            fmt(s.baseline.p99Ms, 3),
            fmt(s.baseline.maxMs, 3),
            fmt(s.baseline.cpuP50Ms, 3),
            fmt(s.baseline.cpuP99Ms, 3),
            String(s.baseline.queries),
          ],
        ],
      ),
      '',
      `Baseline p99 ÷ Parley p99 = ${fmt(s.ratio, 2)} (p50: ${fmt(s.ratioP50, 2)}); above 1 means Parley is faster.`,
    );
  } else if (r.errors.seed) out.push('', `Seed corpus: not measured (${r.errors.seed})`);
  if (r.scale.length) {
    out.push('', '### Scale: build, memory and `ask()` latency per library (each library in a fresh process)', '');
    const rows: string[][] = [];
    for (const row of r.scale) {
      for (const library of LIBRARIES) {
        const e: LibraryRow | undefined = row[library];
        if (!e) continue;
        if ('error' in e) {
          rows.push([
            row.corpus,
            row.passages.toLocaleString('en-US'),
            library,
            `failed: ${e.error}`,
            '',
            '',
            '',
            '',
            '',
            '',
            '',
          ]);
          continue;
        }
        rows.push([
          row.corpus,
          row.passages.toLocaleString('en-US'),
          library,
          fmt(e.buildMs / 1000),
          fmt(e.buildCpuMs / 1000),
          fmt(e.heapMB, 0),
          fmt(e.rssMB, 0),
          fmt(e.p50Ms, 2),
          fmt(e.p99Ms, 2),
          fmt(e.cpuP99Ms, 2),
          String(e.queries),
        ]);
      }
    }
    out.push(
      table(
        [
          'corpus',
          'passages',
          'library',
          'build s',
          'build CPU s',
          'index heap MB',
          'RSS MB',
          'p50 ms',
          'p99 ms',
          'CPU p99 ms',
          'queries',
        ],
        rows,
      ),
    );
    out.push(
      '',
      'Index heap = heap after build − heap with only the corpus loaded (after forced GC). CPU = process CPU time (user + system), which other load on the machine barely changes. Queries are bounded by a time budget per library; the column says how many ran.',
    );
  }
  if (r.coldStart) {
    const c = r.coldStart;
    out.push(
      '',
      `### Cold start: process start → ready to answer, ${c.passages.toLocaleString('en-US')} ${c.corpus} passages (median of ${c.runs})`,
      '',
    );
    out.push(
      table(
        ['start', 'total ms', 'process CPU ms', 'index ms (build or load)'],
        [
          ['rebuild', fmt(c.rebuildMs, 0), fmt(c.rebuildCpuMs, 0), fmt(c.rebuildIndexMs, 0)],
          ['from cache', fmt(c.cacheMs, 0), fmt(c.cacheCpuMs, 0), fmt(c.cacheIndexMs, 0)],
        ],
      ),
      '',
      `Warm start takes ${fmt(c.ratio * 100, 0)}% of a rebuild` +
        (c.rebuildCpuMs && c.cacheCpuMs ? ` (${fmt((c.cacheCpuMs / c.rebuildCpuMs) * 100, 0)}% in CPU time)` : '') +
        `; cache file ${fmt(c.cacheFileMB, 0)} MB; both starts include reading the corpus folder (${fmt(c.loadCorpusMs, 0)} ms).`,
    );
  } else if (r.errors.coldStart) out.push('', `Cold start: not measured (${r.errors.coldStart})`);
  if (r.e2e) {
    const e = r.e2e;
    out.push(
      '',
      `### End to end: \`/ask\` through the real discord.js client against the local Discord stand-in (bot in its own process)`,
      '',
    );
    out.push(
      table(
        [
          'phase',
          'interactions',
          'interactions/s',
          'dispatch→response p50 ms',
          'p99 ms',
          'bot processing p50 ms',
          'p99 ms',
        ],
        [
          [
            'one at a time',
            String(e.sequential),
            '–',
            fmt(e.sequentialP50Ms, 2),
            fmt(e.sequentialP99Ms, 2),
            fmt(e.botP50Ms, 0),
            fmt(e.botP99Ms, 0),
          ],
          [
            `${e.inFlight} in flight`,
            String(e.interactions),
            fmt(e.perSecond, 0),
            fmt(e.p50Ms, 2),
            fmt(e.p99Ms, 2),
            '–',
            fmt(e.botLoadedP99Ms, 0),
          ],
        ],
      ),
      '',
      `Under load: ${e.answers ?? '?'} replies with passages, ${e.noMatch ?? '?'} no-match, ${e.deferred ?? '?'} deferred, ${e.busy ?? '?'} "busy" notices (the bot sheds load past its CPU budget per second); ` +
        `interactions/s counts real answers only (${fmt(e.repliesPerSecond, 0)}/s counting the notices). ` +
        "Bot processing = the router's own `ms` (interaction received → reply ready, whole ms) from its log; under load it includes waiting behind the interactions in flight.",
    );
  } else if (r.errors.e2e) out.push('', `End to end: not measured (${r.errors.e2e})`);
  if (r.targets.length) {
    out.push('', '### Targets', '');
    out.push(
      table(
        ['target', 'measured', 'met'],
        r.targets.map((t: Target) => [t.target, t.measured, t.met ? 'yes' : '**no**']),
      ),
    );
  }
  return `${out.join('\n')}\n`;
}
