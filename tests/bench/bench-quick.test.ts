import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');

const LIBRARIES = ['parley', 'minisearch', 'flexsearch'] as const;

/** The fields of the bench's JSON that this test reads as values (the rest it checks with matchers). */
interface BenchJson {
  readonly machine: unknown;
  readonly seed: { readonly parley: { readonly queries: number } };
  readonly scale: ReadonlyArray<
    { readonly corpus: string; readonly passages: number } & Record<
      (typeof LIBRARIES)[number],
      { readonly queries: number }
    >
  >;
  readonly coldStart: { readonly passages: number };
  readonly e2e?: unknown;
  readonly errors: Record<string, unknown>;
  readonly targets: unknown;
}

// No timing is asserted: figures belong to the bench's output, not to pass/fail.
describe('npm run bench -- --quick --json', () => {
  it('prints exactly one JSON object with the documented keys', () => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bench/bench.ts', '--quick', '--json'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 240_000,
      maxBuffer: 16 * 2 ** 20,
    });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0] ?? '') as BenchJson;

    expect(result.machine).toMatchObject({ cpu: expect.any(String), cores: expect.any(Number), node: process.version });
    const latency = {
      p50Ms: expect.any(Number),
      p99Ms: expect.any(Number),
      maxMs: expect.any(Number),
      queries: expect.any(Number),
    };
    expect(result.seed, JSON.stringify(result.errors)).toMatchObject({
      parley: latency,
      baseline: latency,
      ratio: expect.any(Number),
    });
    expect(result.seed.parley.queries).toBeGreaterThanOrEqual(1000);

    // --quick stops at 10k: one row per generated corpus.
    expect(result.scale.map((r) => `${r.corpus} ${r.passages}`).sort()).toEqual(['synthetic 10000', 'wordnet 10000']);
    for (const row of result.scale) {
      for (const library of LIBRARIES) {
        expect(row[library], `${row.corpus} ${library}`).toMatchObject({
          buildMs: expect.any(Number),
          heapMB: expect.any(Number),
          rssMB: expect.any(Number),
          ...latency,
        });
        expect(row[library].queries).toBeGreaterThan(0);
      }
    }
    expect(result.coldStart, JSON.stringify(result.errors)).toMatchObject({
      rebuildMs: expect.any(Number),
      cacheMs: expect.any(Number),
    });
    expect(result.coldStart.passages).toBeGreaterThan(9000);
    expect(result.coldStart.passages).toBeLessThanOrEqual(10_000);
    if (result.e2e)
      expect(result.e2e).toMatchObject({
        p50Ms: expect.any(Number),
        p99Ms: expect.any(Number),
        perSecond: expect.any(Number),
      });
    else expect(result.errors.e2e).toEqual(expect.any(String));
    expect(Array.isArray(result.targets)).toBe(true);
  }, 300_000);
});
