import { availableParallelism, hostname, release } from 'node:os';
import { readFileSync } from 'node:fs';
import type { Options } from './options.ts';
import type { Footprint, Footprints } from './resources.ts';
import type { TopStatement } from './statements.ts';
import { SCENARIO_NAMES } from './scenarios.ts';
import type { FailureKind, Summary } from './stats.ts';

export interface HttpFigures {
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

export interface ReportInput {
  options: Options;
  startedAt: Date;
  summary: Summary;
  footprints: Footprints;
  http: HttpFigures;
  kinds: FailureKind[];
  breaches: string[];
  shiftBase: string;
  corpus: { sampled: number; targets: number } | null;
  /** PostgreSQL's top statements over the run (--pg-url), or why there are none. */
  statements?: TopStatement[] | string;
}

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  kernel: string;
  node: string;
  host: string;
}

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
    cpuModel: model.trim(), cores: availableParallelism(), memoryGb: Math.round((memKb / 1024 / 1024) * 10) / 10,
    kernel: release(), node: process.version, host: hostname(),
  };
}

const fmt = (x: number | string | null | undefined) => (x === null || x === undefined ? '-' : String(x));

/** CPU ms a process group spent per scenario run: the budget the throughput target is made of. */
export const cpuMsPerScenario = (f: Footprint | null, runs: number): number | null =>
  (f && runs > 0 ? Math.round((100 * f.cpuMs) / runs) / 100 : null);

function footprintRow(label: string, f: Footprint | null, runs: number): string {
  if (!f) return `| ${label} | not found | - | - | - | - | - | - |`;
  return `| ${label} | ${f.processes} | ${f.rssPeakMb} | ${f.rssMeanMb} | ${fmt(f.pssPeakMb)} | ${f.cpuMeanPct} | ${f.cpuPeakPct} | ${fmt(cpuMsPerScenario(f, runs))} |`;
}

function resultsSection(summary: Summary, weights: Options['weights']): string[] {
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
    `**${t.per_sec} scenarios/s** over ${t.duration_s} s at concurrency ${t.concurrency}.`,
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
    lines.push(`- **${kind.scenario}** at \`${first.step}\`: ${first.check} — status ${fmt(first.status)}, code ${fmt(first.code)} — ${kind.count} run(s)`);
    for (const example of kind.examples) if (example.detail) lines.push(`  - ${example.detail.replace(/\s+/g, ' ').slice(0, 300)}`);
  }
  return lines;
}

/** The markdown report: machine, parameters, the table, the footprint, HTTP figures, failures, verdict. */
export function markdownReport(input: ReportInput, host: Machine = machine()): string {
  const { options: o, summary, http } = input;
  const weights = SCENARIO_NAMES.filter((n) => o.weights[n] > 0).map((n) => `${n}=${o.weights[n]}`).join(', ');
  const statuses = Object.entries(http.statusCodes).map(([code, count]) => `${code}: ${count}`).join(', ');
  return [
    `# Multi-tier load test, ${input.startedAt.toISOString()}`,
    '',
    '## Machine',
    '',
    `- CPU: ${host.cpuModel}, ${host.cores} cores (nproc)`,
    `- Memory: ${host.memoryGb} GB`,
    `- Linux ${host.kernel}, Node ${host.node}, host ${host.host}; the load generator ran here`,
    '',
    '## Parameters',
    '',
    `- Target: ${o.url.href}`,
    `- Concurrency ${o.concurrency} connections, duration ${o.durationS} s, request timeout ${o.timeoutS} s, k = ${o.k}`,
    `- Mix (weights): ${weights}`,
    o.rotate ? `- Search texts: **rotating through a fixed pool of ${o.rotate}** (the earlier stack's method; repeats are result-cache hits)` : '- Search texts: every one new to the run (cold searches)',
    `- Seed ${o.seed}; surge shifts booked from ${input.shiftBase} on (12 h apart, 8 h long)`,
    input.corpus ? `- Fill targets: ${input.corpus.targets} city/state/role combinations with 2+ active workers among ${input.corpus.sampled} sampled workers` : '- Fill targets: not sampled (surge_fill_validate not in the mix)',
    `- Thresholds: --max-fail-pct ${o.maxFailPct}, --min-rate ${o.minRate}`,
    '',
    ...resultsSection(summary, o.weights),
    '',
    ...footprintSection(input.footprints, summary.total.runs),
    ...(input.statements ? ['', ...statementsSection(input.statements)] : []),
    '',
    '## HTTP',
    '',
    `${http.requests} requests (${summary.total.duration_s > 0 ? Math.round(http.requests / summary.total.duration_s) : 0}/s), ${http.non2xx} non-2xx, ${http.errors} connection errors, ${http.timeouts} timeouts. Status codes: ${statuses || 'none'}.`,
    '',
    ...failureSection(input.kinds),
    '',
    '## Verdict',
    '',
    input.breaches.length === 0 ? 'Within the thresholds (exit code 0).' : `Thresholds breached (exit code 1):\n${input.breaches.map((b) => `- ${b}`).join('\n')}`,
    '',
  ].join('\n');
}
