/** The shape of `npm run bench -- --json` (one object on stdout). */
import type { MachineInfo } from './machine.js';
import type { ScaleResult } from './scale-child.js';
import type { SeedResult } from './seed.js';
import type { CorpusName } from './corpora/index.js';

export type LibraryRow = ScaleResult | { readonly error: string };

export interface ScaleRow {
  readonly corpus: CorpusName;
  readonly passages: number;
  parley?: LibraryRow;
  minisearch?: LibraryRow;
  flexsearch?: LibraryRow;
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
  /** Process CPU time up to ready (median): the same comparison, barely moved by other load. */
  readonly rebuildCpuMs?: number;
  readonly cacheCpuMs?: number;
  /** Reading and splitting the corpus folder, part of both starts (median of the cache starts). */
  readonly loadCorpusMs?: number;
  readonly cacheFileMB: number;
}

export interface E2eResult {
  /** Interactions of the loaded phase (`inFlight` outstanding at a time). */
  readonly interactions: number;
  readonly inFlight: number;
  /** Dispatch → first callback under load. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Interactions really answered (passages, no-match or deferred; not the "busy" notice) per second under load. */
  readonly perSecond: number;
  /** Every reply per second, the "busy" notices included. */
  readonly repliesPerSecond?: number;
  /** Of the loaded phase: replies with passages, no-match texts, "busy" notices, deferrals. */
  readonly answers?: number;
  readonly noMatch?: number;
  readonly busy?: number;
  readonly deferred?: number;
  /** Interactions sent one at a time first, and their dispatch → callback latency. */
  readonly sequential: number;
  readonly sequentialP50Ms: number;
  readonly sequentialP99Ms: number;
  /** The bot's own processing (interaction received → reply), from its log, one at a time. */
  readonly botP50Ms?: number;
  readonly botP99Ms?: number;
  /** The same under load (includes waiting behind the other interactions in flight). */
  readonly botLoadedP99Ms?: number;
}

export interface Target {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

export interface BenchResult {
  machine: MachineInfo & { readonly loadAvg1mEnd?: number };
  /** The command that produced the figures. */
  readonly command?: string;
  /** Parts measured again later with `--merge` (which, on what machine state and commit). */
  remeasured?: {
    readonly parts: readonly string[];
    readonly sizes?: readonly number[];
    readonly libraries?: readonly string[];
    readonly machine: MachineInfo;
  }[];
  readonly options: { readonly quick: boolean; readonly sizes: readonly number[] };
  seed?: SeedResult;
  scale: ScaleRow[];
  coldStart?: ColdStartResult;
  e2e?: E2eResult;
  /** Why a part is missing. */
  errors: Record<string, string>;
  targets: Target[];
}
