import { availableParallelism, hostname, release } from 'node:os';
import { readFileSync, writeFileSync } from 'node:fs';
import { type Charts, writeCharts } from './charts.ts';
import type { Machine, RecordOptions, RunRecord } from './record.ts';
import type { Options } from './options.ts';
import type { Footprint, Footprints } from './resources.ts';
import type { TopStatement } from './statements.ts';
import { SCENARIO_NAMES } from './scenarios.ts';
import type { FailureKind, Summary } from './stats.ts';
import type { SeriesPoint } from './series.ts';

/** `reports/x.md` -> `reports/x.json`. */
export const dataPath = (report: string) => report.replace(/\.md$/, '') + '.json';

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

export function machine(): Machine {
  const model = /^model name\s*:\s*(.+)$/m.exec(read('/proc/cpuinfo'))?.[1] ?? 'unknown';
  const memKb = Number(/^MemTotal:\s+(\d+) kB/m.exec(read('/proc/meminfo'))?.[1] ?? 0);
  return {
    cpuModel: model.trim(),
    cores: availableParallelism(),
    memoryGb: Math.round((memKb / 1024 / 1024) * 10) / 10,
    kernel: release(),
    node: process.version,
    host: hostname(),
  };
}

const fmt = (x: number | string | null | undefined) => (x === null || x === undefined ? '-' : String(x));

/** CPU ms a process group spent per scenario run: the budget the throughput target is made of. */
export const cpuMsPerScenario = (f: Footprint | null, runs: number): number | null =>
  f && runs > 0 ? Math.round((100 * f.cpuMs) / runs) / 100 : null;

function footprintRow(label: string, f: Footprint | null, runs: number): string {
  if (!f) return `| ${label} | not found | - | - | - | - | - | - |`;
  return `| ${label} | ${f.processes} | ${f.rssPeakMb} | ${f.rssMeanMb} | ${fmt(f.pssPeakMb)} | ${f.cpuMeanPct} | ${f.cpuPeakPct} | ${fmt(cpuMsPerScenario(f, runs))} |`;
}

function resultsSection(summary: Summary, weights: Options['weights'], dropped = ''): string[] {
  const rows = SCENARIO_NAMES.map((name) => {
    const s = summary.scenarios[name];
    return `| ${name} | ${weights[name]} | ${s.runs} | ${s.failures} | ${s.fail_pct} | ${fmt(s.p50_ms)} | ${fmt(s.p95_ms)} | ${fmt(s.p99_ms)} | ${fmt(s.max_ms)} |`;
  });
  const t = summary.total;
  const failPct = t.runs === 0 ? 0 : Math.round((10000 * t.failures) / t.runs) / 100;
  return [
    '## Results (whole-workflow latency, ms)',
    '',
    '| scenario | weight | runs | failures | fail % | p50 | p95 | p99 | max |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
    `| **total** | | ${t.runs} | ${t.failures} | ${failPct} | | | | |`,
    '',
    `**${t.per_sec} scenarios/s** over ${t.duration_s} s ${t.mode === 'arrival' ? `(open model, at most ${t.concurrency} in flight)` : `at concurrency ${t.concurrency}`}${dropped}.`,
  ];
}

function footprintSection(f: Footprints, runs: number): string[] {
  return [
    '## Resource footprint (sampled from /proc every second)',
    '',
    '| process group | processes | RSS peak MB | RSS mean MB | PSS peak MB | CPU mean % | CPU peak % | CPU ms per scenario |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    footprintRow(`service (pid ${fmt(f.servicePid)} and descendants)`, f.service, runs),
    footprintRow('PostgreSQL (every postgres/postmaster process)', f.postgres, runs),
    footprintRow('load generator (this harness)', f.loadgen, runs),
    '',
    'CPU % is of one core. PostgreSQL backends map the same shared buffers, so their summed RSS counts',
    'that memory once per backend; PSS divides it among them. With embedded PGlite the database runs inside',
    'the service process and there is no PostgreSQL process.',
  ];
}

function statementsSection(statements: TopStatement[] | string): string[] {
  const head = ['## PostgreSQL: top statements by total time (pg_stat_statements, reset at the start)', ''];
  if (typeof statements === 'string') return [...head, statements];
  return [
    ...head,
    '| calls | mean ms | total s | rows | statement |',
    '|---:|---:|---:|---:|---|',
    ...statements.map((t) => `| ${t.calls} | ${t.meanMs} | ${t.totalS} | ${t.rows} | \`${t.query.replace(/\|/g, '\\|')}\` |`),
  ];
}

function failureSection(kinds: FailureKind[]): string[] {
  if (kinds.length === 0) return ['## Failures', '', 'None.'];
  const lines = ['## Failures', ''];
  for (const kind of [...kinds].sort((a, b) => b.count - a.count)) {
    const first = kind.examples[0];
    lines.push(
      `- **${kind.scenario}** at \`${first.step}\`: ${first.check} — status ${fmt(first.status)}, code ${fmt(first.code)} — ${kind.count} run(s)`,
    );
    for (const example of kind.examples) if (example.detail) lines.push(`  - ${example.detail.replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  return lines;
}

const ms = (x: number | null | undefined) => (x === null || x === undefined ? '-' : x.toFixed(1));

function modeLines(o: RecordOptions, r: RunRecord): string[] {
  if (o.arrivalRate === undefined) {
    return [
      `- Closed model: ${o.concurrency} virtual users${o.urls.length > 1 ? ' (undici runner, calls spread over the instances in turn)' : ' (autocannon connections)'}, each starting its next scenario when the last one ends`,
    ];
  }
  const rate = o.rampFrom === undefined ? `${o.arrivalRate}/s` : `ramping ${o.rampFrom} -> ${o.arrivalRate}/s over the run`;
  const burst = o.burst
    ? `; bursts x${o.burst.factor} for ${o.burst.durationS} s every ${o.burst.everyS} s (${r.bursts.length} windows)`
    : '';
  return [
    `- **Open model**: scenarios arrive as a Poisson process at ${rate}${burst}; at most ${o.maxInFlight} in flight, arrivals beyond that are dropped and counted`,
    "- Latency counts from each arrival's intended start (no coordinated omission)",
  ];
}

function instancesSection(r: RunRecord): string[] {
  if (r.summary.instances.length < 2) return [];
  return [
    '## Instances',
    '',
    'Each call goes to the next instance in turn, so consecutive steps of a workflow land on different instances',
    '(a playbook recorded on one is replayed on another; the result cache learns of it through LISTEN/NOTIFY).',
    '',
    '| instance | requests | requests/s | non-2xx | errors | timeouts | request p50 ms | request p99 ms |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...r.summary.instances.map(
      (i) => `| ${i.url} | ${i.requests} | ${i.per_sec} | ${i.non2xx} | ${i.errors} | ${i.timeouts} | ${ms(i.p50_ms)} | ${ms(i.p99_ms)} |`,
    ),
  ];
}

function seriesSection(r: RunRecord, charts: Charts): string[] {
  const points = r.series;
  if (points.length === 0) return [];
  const first = points[0];
  const last = points.at(-1)!;
  const rss = (p: SeriesPoint) => p.instances.reduce((a, i) => a + (i.rss_mb ?? 0), 0).toFixed(1);
  const fds = (p: SeriesPoint) => p.instances.map((i) => i.fds ?? '-').join('+');
  const l = r.leaks;
  return [
    `## Over time (a point every ${r.options.sampleEveryS} s, ${points.length} points)`,
    '',
    ...(charts.throughput ? [`![throughput and latency over time](${charts.throughput})`, ''] : []),
    ...(charts.resources ? [`![service memory and connections over time](${charts.resources})`, ''] : []),
    `Bursts are shaded orange${r.ingestWindow ? ', the ingest window green' : ''}. Latency is the p50 and p99 of the runs that finished in each window.`,
    '',
    '| | first point | last point |',
    '|---|---:|---:|',
    `| t (s) | ${first.t_s} | ${last.t_s} |`,
    `| scenarios/s | ${first.scenarios_per_s} | ${last.scenarios_per_s} |`,
    `| p50 / p99 ms | ${ms(first.p50_ms)} / ${ms(first.p99_ms)} | ${ms(last.p50_ms)} / ${ms(last.p99_ms)} |`,
    `| service RSS MB (all instances) | ${rss(first)} | ${rss(last)} |`,
    `| open fds | ${fds(first)} | ${fds(last)} |`,
    `| pool connections (in use / total / waiting) | ${first.instances.map((i) => `${i.pool_in_use ?? '-'}/${i.pool_total ?? '-'}/${i.pool_waiting ?? '-'}`).join(', ')} | ${last.instances.map((i) => `${i.pool_in_use ?? '-'}/${i.pool_total ?? '-'}/${i.pool_waiting ?? '-'}`).join(', ')} |`,
    `| PostgreSQL client backends | ${fmt(first.pg_backends)} | ${fmt(last.pg_backends)} |`,
    '',
    '## Leaks',
    '',
    `Least-squares slopes over the second half of the run (${l.window_s ? `${l.window_s[0]}-${l.window_s[1]} s` : '-'}), per hour:`,
    '',
    '| RSS MB/h | heap MB/h | open fds/h | pool connections/h | PostgreSQL backends/h |',
    '|---:|---:|---:|---:|---:|',
    `| ${fmt(l.rss_mb_per_h)} | ${fmt(l.heap_mb_per_h)} | ${fmt(l.fds_per_h)} | ${fmt(l.connections_per_h)} | ${fmt(l.pg_backends_per_h)} |`,
    '',
    `**Verdict: ${l.verdict}.** A resource is flagged when its fitted growth over the second half exceeds both a floor`,
    '(RSS or heap 16 MB, 10 fds, 2 connections) and a share of its mean level (5 % for RSS, 10 % for the others);',
    'a second half under 5 minutes or 6 points gives no verdict.',
  ];
}

function ingestSection(r: RunRecord): string[] {
  const i = r.ingest;
  if (!i) return [];
  const phase = (name: string) => {
    const p = i.phases[name];
    return p ? `| ${name} | ${p.runs} | ${p.failures} | ${ms(p.p50_ms)} | ${ms(p.p99_ms)} |` : `| ${name} | - | - | - | - |`;
  };
  const s = i.searchable;
  return [
    '## Ingest under load',
    '',
    `\`${i.file}\`: ${i.figures.rows} rows at ${i.figures.rows_per_s} rows/s, ${i.figures.failures} failures${i.window_s ? `, from ${i.window_s[0]} s to ${i.window_s[1]} s of the run` : ''}.`,
    `Ingest's own line: \`${i.output}\``,
    '',
    '| mix, whole-workflow latency | runs | failures | p50 ms | p99 ms |',
    '|---|---:|---:|---:|---:|',
    phase('before'),
    phase('during'),
    phase('after'),
    '',
    s
      ? `Searchable afterwards: ${s.in_database}/${s.expected} ingested ids are in the database with an embedding; ${s.found}/${s.checked} sampled workers were found by a search on their name, role and place through the service${s.misses.length ? ` (missed: ${s.misses.join(', ')})` : ''}.`
      : 'Searchability not checked.',
  ];
}

function distributionSection(charts: Charts): string[] {
  return charts.distribution
    ? ['## Latency distribution per scenario', '', `![latency distribution per scenario](${charts.distribution})`]
    : [];
}

/** The markdown report: machine, parameters, the table, instances, time series, leaks, ingest, footprint, HTTP, failures, verdict. */
export function markdownReport(r: RunRecord, charts: Charts = {}): string {
  const { options: o, summary, http, machine: host } = r;
  const weights = SCENARIO_NAMES.filter((n) => o.weights[n] > 0)
    .map((n) => `${n}=${o.weights[n]}`)
    .join(', ');
  const statuses = Object.entries(http.statusCodes)
    .map(([code, count]) => `${code}: ${count}`)
    .join(', ');
  const dropped =
    summary.total.mode === 'arrival' ? `, ${summary.total.dropped} arrivals dropped (--max-in-flight ${o.maxInFlight} reached)` : '';
  return [
    `# Multi-tier load test, ${r.startedAt}`,
    '',
    '## Machine',
    '',
    `- CPU: ${host.cpuModel}, ${host.cores} cores (nproc)`,
    `- Memory: ${host.memoryGb} GB`,
    `- Linux ${host.kernel}, Node ${host.node}, host ${host.host}; the load generator ran here`,
    '',
    '## Parameters',
    '',
    `- Target: ${o.urls.join(', ')}`,
    ...modeLines(o, r),
    `- Duration ${o.durationS} s, request timeout ${o.timeoutS} s, k = ${o.k}`,
    `- Mix (weights): ${weights}`,
    o.rotate
      ? `- Search texts: **rotating through a fixed pool of ${o.rotate}** (the earlier stack's method; repeats are result-cache hits)`
      : '- Search texts: every one new to the run (cold searches)',
    `- Seed ${o.seed}; surge shifts booked from ${r.shiftBase} on (12 h apart, 8 h long)`,
    r.corpus
      ? `- Fill targets: ${r.corpus.targets} city/state/role combinations with 2+ active workers among ${r.corpus.sampled} sampled workers`
      : '- Fill targets: not sampled (surge_fill_validate not in the mix)',
    `- Thresholds: --max-fail-pct ${o.maxFailPct}, --min-rate ${o.minRate}`,
    '',
    ...resultsSection(summary, o.weights, dropped),
    ...(charts.distribution ? ['', ...distributionSection(charts)] : []),
    ...(instancesSection(r).length ? ['', ...instancesSection(r)] : []),
    ...(r.ingest ? ['', ...ingestSection(r)] : []),
    ...(r.series.length ? ['', ...seriesSection(r, charts)] : []),
    '',
    ...footprintSection(r.footprints, summary.total.runs),
    ...(r.statements ? ['', ...statementsSection(r.statements)] : []),
    '',
    '## HTTP',
    '',
    `${http.requests} requests (${summary.total.duration_s > 0 ? Math.round(http.requests / summary.total.duration_s) : 0}/s), ${http.non2xx} non-2xx, ${http.errors} connection errors, ${http.timeouts} timeouts. Status codes: ${statuses || 'none'}.`,
    '',
    ...failureSection(r.kinds),
    '',
    '## Verdict',
    '',
    r.breaches.length === 0
      ? 'Within the thresholds (exit code 0).'
      : `Thresholds breached (exit code 1):\n${r.breaches.map((b) => `- ${b}`).join('\n')}`,
    '',
  ].join('\n');
}

/** Writes the markdown report and its charts (SVG files beside it). */
export async function writeReport(record: RunRecord, path: string): Promise<void> {
  const charts = await writeCharts(record, path);
  writeFileSync(path, markdownReport(record, charts));
}

export type { FullSummary, HttpFigures, IngestFigures, IngestRecord, InstanceLine, Machine, RecordOptions, RunRecord } from './record.ts';
