/**
 * A seeded PRNG so the synthetic corpus is reproducible: sfc32, seeded through
 * splitmix32 so that nearby seeds (42, 43) give unrelated streams.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  int(min: number, maxInclusive: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** Approximately normal (Irwin-Hall of four uniforms), mean and standard deviation as given. */
  normal(mean: number, sd: number): number;
  /** `n` distinct items of `items`, kept in their original order. */
  sample<T>(items: readonly T[], n: number): T[];
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

export function seededRandom(seed: number): Random {
  const mix = splitmix32(Math.trunc(seed));
  const next = sfc32(mix(), mix(), mix(), mix());
  for (let i = 0; i < 12; i++) next();
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)],
    normal: (mean, sd) => mean + sd * (next() + next() + next() + next() - 2) * Math.sqrt(3),
    sample(items, n) {
      const chosen = new Set<number>();
      const want = Math.min(n, items.length);
      while (chosen.size < want) chosen.add(int(0, items.length - 1));
      return [...chosen].sort((x, y) => x - y).map((i) => items[i]);
    },
  };
}

/** Index into `cumulative` (running totals of weights) for a uniform draw. */
export function weightedIndex(cumulative: readonly number[], random: Random): number {
  const target = random.next() * cumulative[cumulative.length - 1];
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function cumulativeWeights(weights: readonly number[]): number[] {
  let total = 0;
  return weights.map((w) => (total += w));
}
