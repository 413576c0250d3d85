/** The shape of `npm run bench -- --json` (one object on stdout). */
import type { MachineInfo } from './machine.js';
import type { ScaleResult } from './scale-child.js';
import type { SeedResult } from './seed.js';
import type { CorpusName } from './corpora/index.js';

export type EngineRow = ScaleResult | { readonly error: string };

export interface ScaleRow {
  readonly corpus: CorpusName;
  readonly passages: number;
  parley?: EngineRow;
  minisearch?: EngineRow;
  flexsearch?: EngineRow;
}

export interface ColdStartResult {
  readonly corpus: CorpusName;
  readonly passages: number;
  readonly runs: number;
  /** Process start → ready to answer without a cache (median). */
  readonly rebuildMs: number;
  /** Process start → ready to answer from a valid cache (median). */
  readonly cacheMs: number;
  /** Of which: building the index / loading it from the cache file. */
  readonly rebuildIndexMs: number;
  readonly cacheIndexMs: number;
  /** cacheMs ÷ rebuildMs (target ≤ 1/3). */
  readonly ratio: number;
  readonly cacheFileMB: number;
}

export interface E2eResult {
  readonly interactions: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly perSecond: number;
  /** Interaction received → response sent, as the bot measures it (when it does). */
  readonly botP99Ms?: number;
  readonly botP50Ms?: number;
}

export interface Target {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

export interface BenchResult {
  readonly machine: MachineInfo;
  readonly options: { readonly quick: boolean; readonly sizes: readonly number[] };
  seed?: SeedResult;
  scale: ScaleRow[];
  coldStart?: ColdStartResult;
  e2e?: E2eResult;
  /** Why a part is missing. */
  errors: Record<string, string>;
  targets: Target[];
}
