/**
 * What Parley reports to Prometheus (`GET /metrics`): interactions by command and outcome, their
 * response time, the index served and its reloads, gateway reconnects, and prom-client's default
 * process metrics (event-loop lag, memory, CPU, open descriptors). One registry per process
 * (not prom-client's global one), so tests and embedders can hold several.
 *
 * prom-client itself (~75 ms of CPU to load) is loaded on first need: main.ts calls `load()`
 * just after `ready`, so a start does not wait for it; what is reported before is kept and
 * replayed, and a scrape before then loads it too.
 */
import { createRequire } from 'node:module';
import type * as PromClient from 'prom-client';
import type { Registry } from 'prom-client';

/** One answered interaction, as the router reports it. */
export interface InteractionEvent {
  /** Command or button name (`ask`, `Find sources`, `page`), or the interaction kind when there is none. */
  readonly command: string;
  /** The router's outcome tag; only the part before the first `:` becomes a label (`no-match:empty` → `no-match`). */
  readonly outcome: string;
  readonly ms: number;
}

/** A reload attempt, as the engine reports it. */
export interface ReloadEvent {
  readonly kind: 'reloaded' | 'unchanged' | 'failed';
  /** Passages served after the attempt. */
  readonly passages: number;
}

export interface Metrics {
  /** The registry (reading it loads prom-client). */
  readonly registry: Registry;
  /** The `Content-Type` of {@link Metrics.text}. */
  readonly contentType: string;
  /** Loads prom-client now and applies what was reported until then (otherwise done on first need). */
  load(): void;
  interaction(event: InteractionEvent): void;
  reload(event: ReloadEvent): void;
  /** The index first loaded (at start-up). */
  indexLoaded(passages: number): void;
  gatewayReconnect(): void;
  /** The exposition in Prometheus's text format. */
  text(): Promise<string>;
}

/** Response-time buckets (seconds): Discord's window is 3 s, and most answers take milliseconds. */
export const RESPONSE_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5];

/** Labels stay few: an outcome's detail (after `:`) is for the log line, not a new time series. */
function outcomeLabel(outcome: string): string {
  const colon = outcome.indexOf(':');
  return colon === -1 ? outcome : outcome.slice(0, colon);
}

let promClient: typeof PromClient | undefined;
/** prom-client is CommonJS: `require` loads it synchronously, when a metric is first needed. */
const loadPromClient = (): typeof PromClient =>
  (promClient ??= createRequire(import.meta.url)('prom-client') as typeof PromClient);

/** The prom-client metrics of one process. */
function registered(options: { readonly defaultMetrics?: boolean }) {
  const { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } = loadPromClient();
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const interactions = new Counter({
    name: 'parley_interactions_total',
    help: 'Interactions answered, by command and outcome (answer, no-match, hedged, cooldown, busy, error, …).',
    labelNames: ['command', 'outcome'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'parley_interaction_duration_seconds',
    help: 'Time from receiving an interaction to its answer (the deferred answer for deferred ones).',
    labelNames: ['command'] as const,
    buckets: RESPONSE_BUCKETS,
    registers: [registry],
  });
  const passages = new Gauge({
    name: 'parley_index_passages',
    help: 'Passages in the index being served.',
    registers: [registry],
  });
  const lastReload = new Gauge({
    name: 'parley_index_last_reload_timestamp_seconds',
    help: 'When the index being served was loaded (Unix time).',
    registers: [registry],
  });
  const reloads = new Counter({
    name: 'parley_index_reloads_total',
    help: 'Reload attempts by result: reloaded, unchanged, or failed (the previous index kept).',
    labelNames: ['result'] as const,
    registers: [registry],
  });
  const reconnects = new Counter({
    name: 'parley_gateway_reconnects_total',
    help: 'Times the gateway connection was lost and re-established (gateway mode).',
    registers: [registry],
  });
  for (const result of ['reloaded', 'unchanged', 'failed']) reloads.inc({ result }, 0);
  return { registry, interactions, duration, passages, lastReload, reloads, reconnects };
}

/**
 * Creates the metrics of one Parley process.
 *
 * @example
 * const metrics = createMetrics();
 * metrics.interaction({ command: 'ask', outcome: 'answer', ms: 12 });
 * res.setHeader('content-type', metrics.contentType);
 * res.end(await metrics.text());
 */
export function createMetrics(options: { readonly defaultMetrics?: boolean } = {}): Metrics {
  type Live = ReturnType<typeof registered>;
  let live: Live | undefined;
  const pending: ((live: Live) => void)[] = [];
  const load = (): Live => {
    if (live === undefined) {
      live = registered(options);
      for (const apply of pending.splice(0)) apply(live);
    }
    return live;
  };
  const report = (apply: (live: Live) => void): void => {
    if (live === undefined) pending.push(apply);
    else apply(live);
  };
  /** The index was (re)loaded now: timestamped when reported, not when prom-client loads. */
  const indexServed = (count: number) => {
    const at = Date.now() / 1000;
    report((l) => {
      l.passages.set(count);
      l.lastReload.set(at);
    });
  };
  return {
    get registry() {
      return load().registry;
    },
    get contentType() {
      return load().registry.contentType;
    },
    load: () => void load(),
    interaction({ command, outcome, ms }) {
      report((l) => {
        l.interactions.inc({ command, outcome: outcomeLabel(outcome) });
        l.duration.observe({ command }, Math.max(0, ms) / 1000);
      });
    },
    reload({ kind, passages: count }) {
      report((l) => l.reloads.inc({ result: kind }));
      if (kind === 'reloaded') indexServed(count);
    },
    indexLoaded: indexServed,
    gatewayReconnect() {
      report((l) => l.reconnects.inc());
    },
    text: () => load().registry.metrics(),
  };
}
