import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The /proc/PID/stat fields the footprint needs (proc(5)); times in clock ticks. */
export interface ProcStat {
  pid: number;
  comm: string;
  ppid: number;
  utime: number;
  stime: number;
  starttime: number;
}

export interface ProcSample {
  stat: ProcStat;
  rssKb: number;
  pssKb?: number;
}

/** Peak and mean over the run's samples; CPU % of one core (200 % = both cores of a 2-core box). */
export interface Footprint {
  rssPeakMb: number;
  rssMeanMb: number;
  pssPeakMb: number | null;
  cpuMeanPct: number;
  cpuPeakPct: number;
  /** CPU time used over the run (user + system, ms): divided by the scenarios run, the CPU budget per scenario. */
  cpuMs: number;
  processes: number;
  samples: number;
}

export interface Footprints {
  service: Footprint | null;
  postgres: Footprint | null;
  loadgen: Footprint | null;
  servicePid: number | null;
}

// USER_HZ is 100 on every Linux ABI Node runs on; /proc reports CPU time in these ticks.
export const CLOCK_TICKS = 100;
const POSTGRES_COMMS = new Set(['postgres', 'postmaster']);

/** Parses one /proc/PID/stat line; comm may hold spaces and parentheses, so fields are counted from its last ')'. */
export function parseStat(line: string): ProcStat {
  const open = line.indexOf('(');
  const close = line.lastIndexOf(')');
  if (open < 0 || close < open) throw new Error(`not a /proc/PID/stat line: ${line.slice(0, 80)}`);
  const rest = line
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // rest[0] is field 3 (state), so field n is rest[n - 3].
  const field = (n: number) => Number(rest[n - 3]);
  return {
    pid: Number(line.slice(0, open).trim()),
    comm: line.slice(open + 1, close),
    ppid: field(4),
    utime: field(14),
    stime: field(15),
    starttime: field(22),
  };
}

/** Socket inodes listening (state 0A) on `port` in a /proc/net/tcp or tcp6 table. */
export function listeningInodes(table: string, port: number): Set<string> {
  const inodes = new Set<string>();
  for (const line of table.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 10) continue;
    const localPort = parseInt(cols[1].split(':').pop() ?? '', 16);
    if (localPort === port && cols[3] === '0A') inodes.add(cols[9]);
  }
  return inodes;
}

/** A `Name:  1234 kB` field of /proc/PID/status or smaps_rollup. */
export function kbField(text: string, name: string): number | undefined {
  const match = new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
}

/** `root` and every process descended from it. */
export function family(root: number, stats: readonly ProcStat[]): Set<number> {
  const members = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of stats) {
      if (!members.has(s.pid) && members.has(s.ppid)) {
        members.add(s.pid);
        grew = true;
      }
    }
  }
  return members;
}

/**
 * Footprint of a set of processes from successive samples. CPU is the change in
 * utime+stime between samples; a process first seen after the first sample was
 * born during the run, so all its CPU time counts.
 */
export class GroupMeter {
  private readonly ticks = new Map<number, { total: number; starttime: number }>();
  private readonly seen = new Set<number>();
  private rss: number[] = [];
  private pssPeakKb: number | null = null;
  private cpuPeakPct = 0;
  private busyTicks = 0;
  private firstAtS: number | null = null;
  private lastAtS: number | null = null;

  sample(atS: number, procs: readonly ProcSample[]): void {
    let delta = 0;
    const next = new Map<number, { total: number; starttime: number }>();
    for (const { stat } of procs) {
      const total = stat.utime + stat.stime;
      const before = this.ticks.get(stat.pid);
      if (before && before.starttime === stat.starttime) delta += total - before.total;
      else if (this.firstAtS !== null) delta += total;
      next.set(stat.pid, { total, starttime: stat.starttime });
      this.seen.add(stat.pid);
    }
    if (this.lastAtS !== null && atS > this.lastAtS) {
      this.busyTicks += delta;
      this.cpuPeakPct = Math.max(this.cpuPeakPct, (100 * delta) / CLOCK_TICKS / (atS - this.lastAtS));
    }
    this.ticks.clear();
    for (const [k, v] of next) this.ticks.set(k, v);
    this.firstAtS ??= atS;
    this.lastAtS = atS;
    if (procs.length === 0) return;
    this.rss.push(procs.reduce((sum, p) => sum + p.rssKb, 0));
    if (procs.some((p) => p.pssKb !== undefined)) {
      const pss = procs.reduce((sum, p) => sum + (p.pssKb ?? p.rssKb), 0);
      this.pssPeakKb = Math.max(this.pssPeakKb ?? 0, pss);
    }
  }

  footprint(): Footprint | null {
    if (this.rss.length === 0 || this.firstAtS === null || this.lastAtS === null) return null;
    const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;
    const span = this.lastAtS - this.firstAtS;
    return {
      rssPeakMb: mb(Math.max(...this.rss)),
      rssMeanMb: mb(this.rss.reduce((a, b) => a + b, 0) / this.rss.length),
      pssPeakMb: this.pssPeakKb === null ? null : mb(this.pssPeakKb),
      cpuMeanPct: span > 0 ? Math.round((1000 * this.busyTicks) / CLOCK_TICKS / span) / 10 : 0,
      cpuPeakPct: Math.round(this.cpuPeakPct * 10) / 10,
      cpuMs: Math.round((1000 * this.busyTicks) / CLOCK_TICKS),
      processes: this.seen.size,
      samples: this.rss.length,
    };
  }
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function allStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const line = readText(`/proc/${name}/stat`);
    if (line) stats.push(parseStat(line));
  }
  return stats;
}

/** The process holding the listening socket of `port`, found through its socket inode in /proc/PID/fd. */
export function listenerPid(port: number): number | null {
  const inodes = new Set<string>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const i of listeningInodes(readText(table) ?? '', port)) inodes.add(i);
  }
  if (inodes.size === 0) return null;
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (match && inodes.has(match[1])) return Number(pid);
      } catch {
        // the fd closed between listing and reading it
      }
    }
  }
  return null;
}

function procSample(stat: ProcStat, withPss: boolean): ProcSample | undefined {
  const rssKb = kbField(readText(`/proc/${stat.pid}/status`) ?? '', 'VmRSS');
  if (rssKb === undefined) return undefined;
  const pssKb = withPss ? kbField(readText(`/proc/${stat.pid}/smaps_rollup`) ?? '', 'Pss') : undefined;
  return { stat, rssKb, pssKb };
}

const PSS_EVERY = 60;

/**
 * Samples /proc once a second: the service (a pid and its descendants), all
 * PostgreSQL processes, and this harness itself, which shares the machine.
 * Postgres backends share shared_buffers, so their summed RSS counts it once per
 * backend; the proportional set size (Pss) is kept beside it for that reason.
 */
export class ResourceSampler {
  private samples = 0;
  private readonly service = new GroupMeter();
  private readonly postgres = new GroupMeter();
  private readonly loadgen = new GroupMeter();
  private timer?: NodeJS.Timeout;
  private readonly startedAt = performance.now();

  private readonly servicePids: number[];

  /** One pid, or one per instance of the service (their groups are summed). */
  constructor(
    servicePid: number | null | number[],
    private readonly intervalMs = 1000,
  ) {
    this.servicePids = servicePid === null ? [] : Array.isArray(servicePid) ? servicePid : [servicePid];
  }

  start(): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  stop(): Footprints {
    clearInterval(this.timer);
    this.samples = 0; // the last sample reads PSS too
    this.sample();
    return {
      service: this.service.footprint(),
      postgres: this.postgres.footprint(),
      loadgen: this.loadgen.footprint(),
      servicePid: this.servicePids[0] ?? null,
    };
  }

  private sample(): void {
    const atS = (performance.now() - this.startedAt) / 1000;
    const stats = allStats();
    const collect = (keep: (s: ProcStat) => boolean, withPss = false) =>
      stats
        .filter(keep)
        .map((s) => procSample(s, withPss))
        .filter((p): p is ProcSample => p !== undefined);
    const serviceFamily = new Set(this.servicePids.flatMap((pid) => [...family(pid, stats)]));
    this.service.sample(
      atS,
      collect((s) => serviceFamily.has(s.pid)),
    );
    // smaps_rollup walks every page a backend maps (2 GB of shared buffers each): read once a second for
    // 20 backends it was 72 % of this harness's own CPU. One pass over 17 loaded backends costs 165 ms, so
    // PSS is read every PSS_EVERY samples and at the end (it grows as backends touch shared buffers).
    this.postgres.sample(
      atS,
      collect((s) => POSTGRES_COMMS.has(s.comm), this.samples++ % PSS_EVERY === 0),
    );
    this.loadgen.sample(
      atS,
      collect((s) => s.pid === process.pid),
    );
  }
}
