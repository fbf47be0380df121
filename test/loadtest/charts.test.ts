import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { writeCharts } from '../../loadtest/charts.ts';
import { leakVerdict } from '../../loadtest/leaks.ts';
import { markdownReport, type RunRecord } from '../../loadtest/report.ts';
import { parseOptions } from '../../loadtest/options.ts';
import type { SeriesPoint } from '../../loadtest/series.ts';
import { Tally } from '../../loadtest/stats.ts';

const dir = mkdtempSync(join(tmpdir(), 'sm-charts-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function record(): RunRecord {
  const options = parseOptions(['--url', 'http://a:1,http://b:2', '--arrival-rate', '20', '--burst', '3:5s/20s', '--duration', '60s'])!;
  const tally = new Tally();
  for (let i = 1; i <= 50; i++) tally.record('cold_search_email', i);
  for (let i = 1; i <= 20; i++) tally.record('repeat_cache', 3 * i);
  const series: SeriesPoint[] = Array.from({ length: 6 }, (_, n) => ({
    t_s: 10 * (n + 1),
    scenarios_per_s: 20 + n,
    runs: 200,
    failures: 0,
    dropped: n === 3 ? 5 : 0,
    in_flight: 3,
    target_per_s: 20,
    p50_ms: 12 + n,
    p99_ms: 80 + n,
    scenarios: {},
    pg_backends: 11,
    phase: n < 2 ? 'before' : 'during',
    instances: [0, 1].map(() => ({ rss_mb: 150 + n, heap_mb: 50, fds: 40, pool_total: 10, pool_in_use: 2, pool_waiting: 0 })),
  }));
  const summary = tally.summary(
    60,
    options.maxInFlight,
    { service_rss_mb: null, service_cpu_pct: null, postgres_rss_mb: null, postgres_cpu_pct: null },
    { mode: 'arrival', dropped: 5 },
  );
  const leaks = leakVerdict({ rss_mb_per_h: [], heap_mb_per_h: [], fds_per_h: [], connections_per_h: [], pg_backends_per_h: [] }, 60);
  return {
    options: { ...options, url: options.url.href, urls: options.urls.map(String) },
    startedAt: '2026-12-01T00:00:00.000Z',
    summary: {
      ...summary,
      cpu_ms_per_scenario: { service: null, postgres: null, load_generator: null },
      instances: options.urls.map((u) => ({
        url: u.href,
        requests: 100,
        per_sec: 1.67,
        non2xx: 0,
        errors: 0,
        timeouts: 0,
        p50_ms: 3,
        p99_ms: 9,
      })),
      ingest: null,
      leaks,
    },
    footprints: { service: null, postgres: null, loadgen: null, servicePid: null },
    http: { requests: 200, non2xx: 0, errors: 0, timeouts: 0, statusCodes: { 200: 200 } },
    kinds: [],
    breaches: [],
    shiftBase: '2100-01-01T00:00:00.000Z',
    corpus: null,
    series,
    leaks,
    bursts: [
      [15, 20],
      [35, 40],
      [55, 60],
    ],
    ingestWindow: [25, 45],
    distribution: tally.distribution(),
    machine: { cpuModel: 'x', cores: 2, memoryGb: 4, kernel: 'k', node: 'v20', host: 'h' },
  };
}

test('the report embeds the three charts, drawn by Vega-Lite as SVG files beside it', async () => {
  const r = record();
  const charts = await writeCharts(r, join(dir, 'run.md'));
  assert.deepEqual(charts, { throughput: 'run-throughput.svg', resources: 'run-resources.svg', distribution: 'run-distribution.svg' });
  const throughput = readFileSync(join(dir, charts.throughput!), 'utf8');
  assert.match(throughput, /^<svg/);
  for (const label of ['burst', 'ingest', 'p99', 'intended arrivals/s', 'dropped/s']) assert.ok(throughput.includes(`>${label}<`), label);
  const resources = readFileSync(join(dir, charts.resources!), 'utf8');
  for (const label of ['RSS #1', 'RSS #2', 'PostgreSQL backends', 'pool in use #1']) assert.ok(resources.includes(`>${label}<`), label);
  const distribution = readFileSync(join(dir, charts.distribution!), 'utf8');
  assert.ok(distribution.includes('>cold_search_email<') && distribution.includes('>repeat_cache<'));

  const md = markdownReport(r, charts);
  assert.match(md, /!\[throughput and latency over time\]\(run-throughput\.svg\)/);
  assert.match(md, /Open model.*Poisson.*20\/s.*x3 for 5 s every 20 s \(3 windows\)/);
  assert.match(md, /5 arrivals dropped/);
  assert.match(md, /## Instances[\s\S]*\| http:\/\/b:2\/ \| 100 \|/);
  assert.match(md, /Verdict: inconclusive/);
});
