import hdr from 'hdr-histogram-js';
import { SCENARIO_NAMES, type ScenarioName } from './scenarios.ts';
import type { Failure } from './workflow.ts';

/** Failures of one kind (scenario, step, check, status, code) and the first few in full. */
export interface FailureKind {
  scenario: ScenarioName;
  count: number;
  examples: Failure[];
}

export interface ScenarioLine {
  runs: number;
  failures: number;
  fail_pct: number;
  p50_ms: number | null;
  p95_ms: number | null;
  p99_ms: number | null;
  max_ms: number | null;
}

export interface Resources {
  service_rss_mb: number | null;
  service_cpu_pct: number | null;
  postgres_rss_mb: number | null;
  postgres_cpu_pct: number | null;
}

/** The JSON summary, the last line on stderr (loadtest/README.md). */
export interface Summary {
  scenarios: Record<ScenarioName, ScenarioLine>;
  total: {
    runs: number;
    failures: number;
    per_sec: number;
    duration_s: number;
    concurrency: number;
    /** Arrivals not started because --max-in-flight runs were open (always 0 in the closed model). */
    dropped: number;
    mode: Mode;
  };
  resources: Resources;
}

export const EXAMPLES_PER_KIND = 5;

/** closed: a fixed number of virtual users loop; arrival: scenarios start at a rate (the open model). */
export type Mode = 'closed' | 'arrival';

interface Lane {
  runs: number;
  failures: number;
  maxMs: number;
  latencyUs: hdr.Histogram;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** Runs, failures and latency of a slice of the run (a time-series window or an ingest phase). */
export interface WindowLine {
  runs: number;
  failures: number;
  p50_ms: number | null;
  p99_ms: number | null;
}

export const DISTRIBUTION_PERCENTILES = [1, 5, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 100];

function windowLine(l: Lane): WindowLine {
  const at = (p: number) => (l.runs === 0 ? null : round2(Math.min(l.maxMs, l.latencyUs.getValueAtPercentile(p) / 1000)));
  return { runs: l.runs, failures: l.failures, p50_ms: at(50), p99_ms: at(99) };
}

function lane(): Lane {
  const latencyUs = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });
  return { runs: 0, failures: 0, maxMs: 0, latencyUs };
}

/** Whole-workflow outcomes per scenario: counts, an HDR histogram of latency in microseconds, failure kinds. */
export class Tally {
  private readonly lanes = new Map<ScenarioName, Lane>(SCENARIO_NAMES.map((name) => [name, lane()]));
  /** The same runs since the last window() call: the time series' interval figures. */
  private windowLanes = new Map<ScenarioName, Lane>();
  /** Whole-mix latency by phase (before / during / after an ingest), when phases are set. */
  private readonly phases = new Map<string, Lane>();
  private phase?: string;
  readonly kinds = new Map<string, FailureKind>();
  private closed = false;

  /** Counts a finished run; returns true when the failure is among the first few of its kind (worth printing). */
  record(scenario: ScenarioName, latencyMs: number, failure?: Failure): boolean {
    if (this.closed) return false;
    const l = this.lanes.get(scenario)!;
    l.runs++;
    l.maxMs = Math.max(l.maxMs, latencyMs);
    const us = Math.max(1, Math.round(latencyMs * 1000));
    l.latencyUs.recordValue(us);
    let w = this.windowLanes.get(scenario);
    if (!w) {
      w = lane();
      this.windowLanes.set(scenario, w);
    }
    w.runs++;
    w.maxMs = Math.max(w.maxMs, latencyMs);
    w.latencyUs.recordValue(us);
    const p = this.phase === undefined ? undefined : this.phases.get(this.phase);
    if (p) {
      p.runs++;
      p.maxMs = Math.max(p.maxMs, latencyMs);
      p.latencyUs.recordValue(us);
    }
    if (!failure) return false;
    l.failures++;
    w.failures++;
    if (p) p.failures++;
    const key = [scenario, failure.step, failure.check, failure.status, failure.code].join('|');
    const kind = this.kinds.get(key) ?? { scenario, count: 0, examples: [] };
    this.kinds.set(key, kind);
    kind.count++;
    if (kind.examples.length >= EXAMPLES_PER_KIND) return false;
    kind.examples.push(failure);
    return true;
  }

  /** Runs from now on also count toward `name` (e.g. before, during, after an ingest). */
  setPhase(name: string): void {
    if (!this.phases.has(name)) this.phases.set(name, lane());
    this.phase = name;
  }

  phaseLines(): Record<string, WindowLine> {
    return Object.fromEntries([...this.phases].map(([name, l]) => [name, windowLine(l)]));
  }

  /** Per-scenario and whole-mix figures of the runs finished since the last call; starts a new window. */
  window(): { total: WindowLine; scenarios: Partial<Record<ScenarioName, WindowLine>> } {
    const lanes = this.windowLanes;
    this.windowLanes = new Map();
    const all = lane();
    const scenarios: Partial<Record<ScenarioName, WindowLine>> = {};
    for (const [name, l] of lanes) {
      scenarios[name] = windowLine(l);
      all.runs += l.runs;
      all.failures += l.failures;
      all.maxMs = Math.max(all.maxMs, l.maxMs);
      all.latencyUs.add(l.latencyUs);
    }
    return { total: windowLine(all), scenarios };
  }

  /** Latency (ms) at a ladder of percentiles per scenario, for the distribution chart. */
  distribution(percentiles: readonly number[] = DISTRIBUTION_PERCENTILES): Partial<Record<ScenarioName, [number, number][]>> {
    const out: Partial<Record<ScenarioName, [number, number][]>> = {};
    for (const [name, l] of this.lanes) {
      if (l.runs === 0) continue;
      out[name] = percentiles.map((p) => [p, round2(Math.min(l.maxMs, l.latencyUs.getValueAtPercentile(p) / 1000))]);
    }
    return out;
  }

  /** Runs finishing after the load stopped are not counted: their latency includes the shutdown. */
  close(): void {
    this.closed = true;
  }

  totals(): { runs: number; failures: number } {
    let runs = 0;
    let failures = 0;
    for (const l of this.lanes.values()) {
      runs += l.runs;
      failures += l.failures;
    }
    return { runs, failures };
  }

  scenarioLine(name: ScenarioName): ScenarioLine {
    const { runs, failures, maxMs, latencyUs } = this.lanes.get(name)!;
    // HDR reports a bucket's upper edge, which can sit just above the exact maximum.
    const at = (p: number) => (runs === 0 ? null : round2(Math.min(maxMs, latencyUs.getValueAtPercentile(p) / 1000)));
    return {
      runs,
      failures,
      fail_pct: runs === 0 ? 0 : round2((100 * failures) / runs),
      p50_ms: at(50),
      p95_ms: at(95),
      p99_ms: at(99),
      max_ms: runs === 0 ? null : round2(maxMs),
    };
  }

  summary(
    durationS: number,
    concurrency: number,
    resources: Resources,
    open: { mode: Mode; dropped: number } = { mode: 'closed', dropped: 0 },
  ): Summary {
    const scenarios = Object.fromEntries(SCENARIO_NAMES.map((name) => [name, this.scenarioLine(name)])) as Summary['scenarios'];
    const { runs, failures } = this.totals();
    return {
      scenarios,
      total: {
        runs,
        failures,
        per_sec: durationS > 0 ? round2(runs / durationS) : 0,
        duration_s: round2(durationS),
        concurrency,
        dropped: open.dropped,
        mode: open.mode,
      },
      resources,
    };
  }
}

const cell = (value: number | null, width: number) => (value === null ? '-' : value.toFixed(2)).padStart(width);

/** The per-scenario table printed on stdout. */
export function table(summary: Summary): string {
  const head = `${'scenario'.padEnd(24)}${'runs'.padStart(9)}${'fail %'.padStart(9)}${'p50 ms'.padStart(11)}${'p95 ms'.padStart(11)}${'p99 ms'.padStart(11)}${'max ms'.padStart(11)}`;
  const rows = SCENARIO_NAMES.map((name) => {
    const s = summary.scenarios[name];
    return `${name.padEnd(24)}${String(s.runs).padStart(9)}${cell(s.fail_pct, 9)}${cell(s.p50_ms, 11)}${cell(s.p95_ms, 11)}${cell(s.p99_ms, 11)}${cell(s.max_ms, 11)}`;
  });
  const t = summary.total;
  const failPct = t.runs === 0 ? 0 : (100 * t.failures) / t.runs;
  const total = `${'total'.padEnd(24)}${String(t.runs).padStart(9)}${cell(failPct, 9)}   ${t.per_sec.toFixed(2)} scenarios/s over ${t.duration_s} s ${t.mode === 'arrival' ? `(open model, at most ${t.concurrency} in flight, ${t.dropped} arrivals dropped)` : `at concurrency ${t.concurrency}`}`;
  return [head, '-'.repeat(head.length), ...rows, '-'.repeat(head.length), total].join('\n');
}

/** One line of live progress: the rate over the last interval and the run so far. */
export function progressLine(elapsedS: number, runs: number, failures: number, recentPerSec: number): string {
  return `[${elapsedS.toFixed(0).padStart(4)} s] ${recentPerSec.toFixed(1)} scenarios/s, ${runs} runs, ${failures} failures`;
}

export function failureText(scenario: ScenarioName, f: Failure): string {
  const status = f.status === undefined ? 'no response' : `HTTP ${f.status}`;
  const code = f.code ? ` ${f.code}` : '';
  return `FAIL ${scenario} at ${f.step}: ${f.check} (got ${status}${code})${f.detail ? ` — ${f.detail}` : ''}`;
}
