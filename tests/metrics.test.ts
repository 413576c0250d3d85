/**
 * `/metrics`: what the router, the engine and the gateway report, scraped from the HTTP endpoint
 * and checked as Prometheus would read it — parsed with parse-prometheus-text-format, and linted
 * with `promtool check metrics` (Debian's `prometheus` package; `.ci/run` installs it).
 */
import { spawnSync } from 'node:child_process';
import parsePrometheusTextFormat, { type PrometheusFamily } from 'parse-prometheus-text-format';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus/load.js';
import { serveHttp, type HttpInteractionsServer } from '../src/discord/http.js';
import { createRouter } from '../src/discord/router.js';
import { createMetrics, type Metrics } from '../src/metrics.js';
import { ParleyIndex } from '../src/search/index.js';
import { generateTestKeys, signedHeaders } from './discord/signing.js';
import { chatInput } from './support/interactions.js';
import { allCommands } from '../commands/index.js';

const keys = generateTestKeys();
const context = { applicationId: '100000000000000001', guildId: '100000000000000002', channelId: '100000000000000003' };

describe('GET /metrics', () => {
  let http: HttpInteractionsServer;
  let metrics: Metrics;
  let families: Map<string, PrometheusFamily>;
  let text: string;

  beforeAll(async () => {
    const index = ParleyIndex.build(await loadCorpus('corpus'));
    metrics = createMetrics();
    metrics.indexLoaded(index.corpus.passages.length);
    const router = createRouter({
      getSearcher: () => index,
      commands: allCommands,
      logger: pino({ enabled: false }),
      version: 'test',
      settings: { cooldownSeconds: 60 },
      onInteraction: (event) => metrics.interaction(event),
    });
    http = await serveHttp({
      publicKey: keys.publicKeyHex,
      port: 0,
      host: '127.0.0.1',
      ready: { router, passages: index.corpus.passages.length },
      metrics,
    });
    const ask = async (question: string) => {
      const body = JSON.stringify(chatInput('ask', { question }, context));
      const res = await fetch(`${http.url}/interactions`, {
        method: 'POST',
        body,
        headers: signedHeaders(keys.privateKey, body),
      });
      expect(res.status).toBe(200);
    };
    await ask('why do they keep meeting in Rome?'); // an answer
    await ask('why do they keep meeting in Rome?'); // the same member again within the cooldown
    metrics.reload({ kind: 'failed', passages: index.corpus.passages.length });
    metrics.reload({ kind: 'reloaded', passages: index.corpus.passages.length });
    metrics.gatewayReconnect();
    const res = await fetch(`${http.url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    text = await res.text();
    families = new Map(parsePrometheusTextFormat(text).map((f) => [f.name, f]));
  });

  afterAll(async () => {
    await http.close();
  });

  const value = (name: string, labels: Record<string, string> = {}) =>
    Number(
      families.get(name)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value,
    );

  it('counts interactions by command and outcome', () => {
    expect(families.get('parley_interactions_total')?.type).toBe('COUNTER');
    expect(value('parley_interactions_total', { command: 'ask', outcome: 'answer' })).toBe(1);
    expect(value('parley_interactions_total', { command: 'ask', outcome: 'cooldown' })).toBe(1);
  });

  it("has a response-time histogram with buckets up to Discord's 3-second window", () => {
    const histogram = families.get('parley_interaction_duration_seconds');
    expect(histogram?.type).toBe('HISTOGRAM');
    expect(text).toMatch(/^parley_interaction_duration_seconds_bucket\{le="3",command="ask"\} 2$/m);
    expect(text).toMatch(/^parley_interaction_duration_seconds_count\{command="ask"\} 2$/m);
  });

  it('reports the index, its reloads and failures, gateway reconnects and the event-loop lag', () => {
    expect(value('parley_index_passages')).toBeGreaterThan(0);
    expect(value('parley_index_last_reload_timestamp_seconds')).toBeGreaterThan(Date.now() / 1000 - 600);
    expect(value('parley_index_reloads_total', { result: 'reloaded' })).toBe(1);
    expect(value('parley_index_reloads_total', { result: 'failed' })).toBe(1);
    expect(value('parley_index_reloads_total', { result: 'unchanged' })).toBe(0);
    expect(value('parley_gateway_reconnects_total')).toBe(1);
    expect(families.get('nodejs_eventloop_lag_seconds')?.type).toBe('GAUGE');
    expect(families.get('process_resident_memory_bytes')?.type).toBe('GAUGE');
  });

  it("passes promtool check metrics (Parley's own metrics without a single lint problem)", () => {
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    if (check.error)
      throw new Error(
        `promtool is needed for this test: apt-get install prometheus (.ci/run does) — ${check.error.message}`,
      );
    // Exit 1 is a format error; 3 only lint problems, which prom-client's own nodejs_* gauges named *_total have.
    expect(check.status, check.stderr + check.stdout).not.toBe(1);
    const problems = `${check.stdout}${check.stderr}`.split('\n').filter((line) => line.startsWith('parley_'));
    expect(problems).toEqual([]);
  });
});
