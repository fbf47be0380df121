import { readdirSync, readFileSync } from 'node:fs';
import pg from 'pg';
import type { ScenarioName } from './scenarios.ts';
import type { Tally, WindowLine } from './stats.ts';
import { kbField } from './resources.ts';

/** One instance's process and pool figures at a sample. */
export interface InstanceSample {
  rss_mb: number | null;
  heap_mb: number | null;
  fds: number | null;
  pool_total: number | null;
  pool_in_use: number | null;
  pool_waiting: number | null;
}

/** One point of the soak time series: the window since the previous point, and the resources at its end. */
export interface SeriesPoint {
  t_s: number;
  scenarios_per_s: number;
  runs: number;
  failures: number;
  dropped: number;
  in_flight: number;
  /** Intended arrival rate at this point (open model), else null. */
  target_per_s: number | null;
  p50_ms: number | null;
  p99_ms: number | null;
  scenarios: Partial<Record<ScenarioName, WindowLine>>;
  instances: InstanceSample[];
  /** Client backends connected to the service's database (pg_stat_activity), without the harness's own. */
  pg_backends: number | null;
  phase: string | null;
}

/** Values of unlabelled (or summed) samples of the named metrics in Prometheus text exposition. */
export function promValues(text: string, names: readonly string[]): Record<string, number> {
  const wanted = new Set(names);
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.length === 0) continue;
    const space = line.lastIndexOf(' ');
    const brace = line.indexOf('{');
    const name = line.slice(0, brace >= 0 && brace < space ? brace : space);
    if (!wanted.has(name)) continue;
    const value = Number(line.slice(space + 1));
    if (Number.isFinite(value)) out[name] = (out[name] ?? 0) + value;
  }
  return out;
}

const METRICS = [
  'process_resident_memory_bytes',
  'nodejs_heap_size_used_bytes',
  'process_open_fds',
  'db_pool_total',
  'db_pool_idle',
  'db_pool_waiting',
];
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** An instance's figures from /metrics, completed (or replaced, when /metrics is unreadable) from /proc when its pid is known. */
export async function instanceSample(metricsUrl: string, headers: Record<string, string>, pid: number | null): Promise<InstanceSample> {
  const s: InstanceSample = { rss_mb: null, heap_mb: null, fds: null, pool_total: null, pool_in_use: null, pool_waiting: null };
  try {
    const response = await fetch(metricsUrl, { headers, signal: AbortSignal.timeout(5000) });
    if (response.ok) {
      const v = promValues(await response.text(), METRICS);
      const has = (k: string) => v[k] !== undefined;
      if (has('process_resident_memory_bytes')) s.rss_mb = mb(v.process_resident_memory_bytes);
      if (has('nodejs_heap_size_used_bytes')) s.heap_mb = mb(v.nodejs_heap_size_used_bytes);
      if (has('process_open_fds')) s.fds = v.process_open_fds;
      if (has('db_pool_total')) {
        s.pool_total = v.db_pool_total;
        s.pool_in_use = v.db_pool_total - (v.db_pool_idle ?? 0);
        s.pool_waiting = v.db_pool_waiting ?? 0;
      }
    } else await response.body?.cancel();
  } catch {
    // the instance did not answer within 5 s: the /proc figures below still count
  }
  if (pid !== null) {
    try {
      const rssKb = kbField(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmRSS');
      if (rssKb !== undefined) s.rss_mb = Math.round((rssKb / 1024) * 10) / 10;
      s.fds = readdirSync(`/proc/${pid}/fd`).length;
    } catch {
      // the process is gone or not ours to read
    }
  }
  return s;
}

export interface SeriesSource {
  tally: Tally;
  /** Each instance's /metrics URL and, when it runs on this machine, its pid. */
  instances: { metricsUrl: string; pid: number | null }[];
  headers: Record<string, string>;
  /** The service's PostgreSQL, for the backend count (--pg-url). */
  pgUrl?: string;
  /** Arrivals dropped so far, runs in flight, the intended rate now, and the current phase. */
  state: (tS: number) => { dropped: number; inFlight: number; targetPerS: number | null; phase: string | null };
}

/**
 * Records a point every `everyS` seconds. Cheap on purpose: a scrape of
 * /metrics per instance, /proc/PID/status and fd listing, one query to
 * pg_stat_activity; the latency figures come from the tally's window.
 */
export class SeriesRecorder {
  readonly points: SeriesPoint[] = [];
  private timer?: NodeJS.Timeout;
  private readonly t0 = performance.now();
  private lastAt = this.t0;
  private lastDropped = 0;
  private client?: pg.Client;
  private busy = false;

  constructor(
    private readonly source: SeriesSource,
    private readonly everyS: number,
  ) {}

  async start(): Promise<void> {
    if (this.source.pgUrl) {
      const client = new pg.Client({ connectionString: this.source.pgUrl, application_name: 'staffing-matrix-loadtest' });
      try {
        await client.connect();
        this.client = client;
      } catch {
        // no backend count; everything else is still recorded
      }
    }
    this.source.tally.window(); // the warm-up before the load is not in the first window
    this.timer = setInterval(() => void this.sample(), this.everyS * 1000);
  }

  async stop(): Promise<SeriesPoint[]> {
    clearInterval(this.timer);
    await this.client?.end().catch(() => {});
    return this.points;
  }

  private async backends(): Promise<number | null> {
    if (!this.client) return null;
    try {
      const { rows } = await this.client.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid()`,
      );
      return rows[0].n;
    } catch {
      return null;
    }
  }

  private async sample(): Promise<void> {
    if (this.busy) return; // a slow scrape: skip this tick rather than pile up
    this.busy = true;
    try {
      const now = performance.now();
      const tS = (now - this.t0) / 1000;
      const window = this.source.tally.window();
      const state = this.source.state(tS);
      const spanS = (now - this.lastAt) / 1000;
      this.lastAt = now;
      const [instances, backends] = await Promise.all([
        Promise.all(this.source.instances.map((i) => instanceSample(i.metricsUrl, this.source.headers, i.pid))),
        this.backends(),
      ]);
      this.points.push({
        t_s: Math.round(tS * 10) / 10,
        scenarios_per_s: spanS > 0 ? Math.round((100 * window.total.runs) / spanS) / 100 : 0,
        runs: window.total.runs,
        failures: window.total.failures,
        dropped: state.dropped - this.lastDropped,
        in_flight: state.inFlight,
        target_per_s: state.targetPerS === null ? null : Math.round(state.targetPerS * 100) / 100,
        p50_ms: window.total.p50_ms,
        p99_ms: window.total.p99_ms,
        scenarios: window.scenarios,
        instances,
        pg_backends: backends,
        phase: state.phase,
      });
      this.lastDropped = state.dropped;
    } finally {
      this.busy = false;
    }
  }
}

const sum = (values: (number | null)[]): number | null =>
  values.some((v) => v === null) ? null : values.reduce<number>((a, b) => a + (b ?? 0), 0);

/** A resource summed over the instances, per point: what the leak fit and the charts read. */
export function track(points: readonly SeriesPoint[], pick: (i: InstanceSample) => number | null): [number, number | null][] {
  return points.map((p) => [p.t_s, p.instances.length === 0 ? null : sum(p.instances.map(pick))]);
}
