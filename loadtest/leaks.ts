/**
 * Leak detection for soak runs: a least-squares line through a resource's
 * samples over the second half of the run (the first half holds the warm-up:
 * caches filling, the heap growing to its working size, the pool opening its
 * connections). A resource that still grows there, by more than both an
 * absolute floor and a share of its level, is reported as a suspected leak.
 */

export interface Leaks {
  rss_mb_per_h: number | null;
  heap_mb_per_h: number | null;
  fds_per_h: number | null;
  connections_per_h: number | null;
  pg_backends_per_h: number | null;
  /** `no leak`, `leak suspected: <resources>`, or `inconclusive: <why>`. */
  verdict: string;
  /** The second half the slopes were fitted over, seconds from the start. */
  window_s: [number, number] | null;
}

/** Least-squares slope of y over x; null with fewer than 2 distinct x. */
export function slope(points: readonly [number, number][]): number | null {
  const n = points.length;
  if (n < 2) return null;
  let sx = 0;
  let sy = 0;
  for (const [x, y] of points) {
    sx += x;
    sy += y;
  }
  const mx = sx / n;
  const my = sy / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx === 0 ? null : sxy / sxx;
}

/** One resource over time: [seconds from the start, value]; null values (not measured) are skipped. */
export type Track = readonly [number, number | null][];

interface Rule {
  name: string;
  key: keyof Omit<Leaks, 'verdict' | 'window_s'>;
  /** Growth over the fitted window above this (in the resource's unit) and above `share` of its mean is a leak. */
  floor: number;
  share: number;
}

const RULES: Rule[] = [
  { name: 'RSS', key: 'rss_mb_per_h', floor: 16, share: 0.05 },
  { name: 'heap', key: 'heap_mb_per_h', floor: 16, share: 0.1 },
  { name: 'open fds', key: 'fds_per_h', floor: 10, share: 0.1 },
  { name: 'pool connections', key: 'connections_per_h', floor: 2, share: 0.1 },
  { name: 'PostgreSQL backends', key: 'pg_backends_per_h', floor: 2, share: 0.1 },
];

/** Runs shorter than this, or with fewer samples in the second half, give no verdict: a slope over minutes says little per hour. */
export const MIN_WINDOW_S = 300;
export const MIN_POINTS = 6;

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Slopes per hour over the second half of `durationS`, and the verdict with the figures that decided it. */
export function leakVerdict(tracks: Record<Rule['key'], Track>, durationS: number): Leaks {
  const from = durationS / 2;
  const leaks: Leaks = {
    rss_mb_per_h: null,
    heap_mb_per_h: null,
    fds_per_h: null,
    connections_per_h: null,
    pg_backends_per_h: null,
    verdict: '',
    window_s: [round(from, 1), round(durationS, 1)],
  };
  const suspects: string[] = [];
  let measured = 0;
  let shortest = Infinity;
  for (const rule of RULES) {
    const points = tracks[rule.key].filter((p): p is [number, number] => p[0] >= from && p[1] !== null);
    const perS = slope(points);
    if (perS === null) continue;
    measured++;
    shortest = Math.min(shortest, points.length);
    leaks[rule.key] = round(perS * 3600);
    const mean = points.reduce((s, p) => s + p[1], 0) / points.length;
    const growth = perS * (durationS - from);
    if (growth > rule.floor && growth > rule.share * mean) {
      suspects.push(`${rule.name} +${round(growth, 1)} over the second half (${round(perS * 3600)}/h, mean ${round(mean, 1)})`);
    }
  }
  if (measured === 0) leaks.verdict = 'inconclusive: no resource was measured (service not local and /metrics unreadable)';
  else if (durationS - from < MIN_WINDOW_S || shortest < MIN_POINTS) {
    leaks.verdict = `inconclusive: the second half (${round(durationS - from, 0)} s, ${shortest} samples) is under ${MIN_WINDOW_S} s or ${MIN_POINTS} samples`;
  } else leaks.verdict = suspects.length === 0 ? 'no leak' : `leak suspected: ${suspects.join('; ')}`;
  return leaks;
}
