import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/** Nearest-rank percentile (p in 0..100) of unsorted samples. */
export function percentile(samples: number[], p: number): number {
  if (!samples.length) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const mean = (xs: number[]): number => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);

export interface Latency {
  n: number;
  p50: number;
  p99: number;
  mean: number;
}

export const latency = (ms: number[]): Latency => ({ n: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99), mean: mean(ms) });

export const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x.toFixed(1));

export const describeLatency = (l: Latency): string => `p50 ${ms(l.p50)} ms, p99 ${ms(l.p99)} ms (mean ${ms(l.mean)} ms, n=${l.n})`;

/** The machine is shared: every report says how busy it was. */
export const loadLine = (): string =>
  `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`;

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); undefined elsewhere. */
export function processCpuMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

// USER_HZ: 100 on every mainstream Linux build.
const CLOCK_TICKS = 100;
