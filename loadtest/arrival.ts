/**
 * The open model: scenarios start at the instants of a Poisson process, whatever
 * the service's speed (k6's constant-arrival-rate and ramping-arrival-rate,
 * Gatling's open injection). When `maxInFlight` runs are already open, the
 * arrival is not queued and not silently skipped: it is counted as dropped (k6's
 * dropped_iterations). Every launch carries its intended start time, so
 * latency is measured from it and a slow service cannot hide its queue
 * (no coordinated omission).
 */

/** Time and timers, injected so tests can drive the scheduler with a fake clock. */
export interface Clock {
  /** Milliseconds on a monotonic clock. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realClock: Clock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** `--burst F:D/E`: the rate times F for D seconds out of every E (the last D seconds of each period). */
export interface Burst {
  factor: number;
  durationS: number;
  everyS: number;
}

export interface RateProfile {
  /** Arrivals per second at t = 0 (`--ramp`), else the same as the target. */
  startPerS: number;
  /** Arrivals per second at the end of the run (`--arrival-rate`). */
  targetPerS: number;
  durationS: number;
  burst?: Burst;
}

export function inBurst(burst: Burst | undefined, tS: number): boolean {
  if (!burst) return false;
  return tS % burst.everyS >= burst.everyS - burst.durationS;
}

/** The burst windows of a run, [from, to) in seconds: for the report and the charts. */
export function burstWindows(profile: RateProfile): [number, number][] {
  const b = profile.burst;
  if (!b) return [];
  const windows: [number, number][] = [];
  for (let from = b.everyS - b.durationS; from < profile.durationS; from += b.everyS) {
    windows.push([from, Math.min(from + b.durationS, profile.durationS)]);
  }
  return windows;
}

/** The intended arrival rate at `tS`: the linear ramp from start to target, times the burst factor inside a burst. */
export function rateAt(profile: RateProfile, tS: number): number {
  const share = profile.durationS > 0 ? Math.min(1, Math.max(0, tS / profile.durationS)) : 1;
  const base = profile.startPerS + (profile.targetPerS - profile.startPerS) * share;
  return inBurst(profile.burst, tS) ? base * profile.burst!.factor : base;
}

/** Expected arrivals over the whole run (the integral of the rate), numerically: for tests and the report. */
export function expectedArrivals(profile: RateProfile, stepS = 0.01): number {
  let sum = 0;
  for (let t = stepS / 2; t < profile.durationS; t += stepS) sum += rateAt(profile, t) * stepS;
  return sum;
}

/**
 * Arrival instants (seconds from the start) of a non-homogeneous Poisson process
 * with the profile's rate, by thinning (Lewis and Shedler): candidates come at
 * the peak rate and each is kept with probability rate(t) / peak.
 */
export class ArrivalProcess {
  private t = 0;
  private readonly peak: number;

  constructor(
    private readonly profile: RateProfile,
    private readonly uniform: () => number,
  ) {
    this.peak = Math.max(profile.startPerS, profile.targetPerS) * (profile.burst ? Math.max(1, profile.burst.factor) : 1);
    if (!(this.peak > 0)) throw new Error('the arrival rate must be above 0 at some point of the run');
  }

  /** The next arrival, or null past the end of the run. */
  next(): number | null {
    for (;;) {
      this.t += -Math.log(1 - this.uniform()) / this.peak;
      if (this.t >= this.profile.durationS) return null;
      if (this.uniform() * this.peak < rateAt(this.profile, this.t)) return this.t;
    }
  }
}

export interface SchedulerCounts {
  started: number;
  dropped: number;
  inFlight: number;
}

/**
 * Starts `launch(intendedAtMs)` at each arrival while fewer than `maxInFlight`
 * launches are open, and counts the others as dropped. One timer at a time: at
 * each wake-up every arrival that is due is handled, then the timer is set for
 * the next one, so a late timer starts the late runs at once with their
 * intended times (their latency includes the lateness).
 */
export class Scheduler {
  private readonly counts: SchedulerCounts = { started: 0, dropped: 0, inFlight: 0 };
  private pending: number | null = null;
  private timer: unknown;
  private t0 = 0;
  private done?: () => void;

  constructor(
    private readonly arrivals: ArrivalProcess,
    private readonly maxInFlight: number,
    private readonly clock: Clock,
    private readonly launch: (intendedAtMs: number) => Promise<unknown>,
    private readonly onDrop: (intendedAtMs: number) => void = () => {},
  ) {}

  get figures(): Readonly<SchedulerCounts> {
    return this.counts;
  }

  /** Resolves when the last arrival of the run has been started or dropped (runs may still be in flight), or on stop(). */
  run(): Promise<void> {
    this.t0 = this.clock.now();
    this.pending = this.arrivals.next();
    return new Promise((resolve) => {
      this.done = resolve;
      this.wake();
    });
  }

  stop(): void {
    this.clock.clearTimeout(this.timer);
    this.pending = null;
    this.done?.();
  }

  private wake(): void {
    const now = this.clock.now();
    while (this.pending !== null && this.t0 + this.pending * 1000 <= now) {
      this.arrive(this.t0 + this.pending * 1000);
      this.pending = this.arrivals.next();
    }
    if (this.pending === null) {
      this.done?.();
      return;
    }
    this.timer = this.clock.setTimeout(() => this.wake(), Math.max(0, this.t0 + this.pending * 1000 - now));
  }

  private arrive(intendedAtMs: number): void {
    if (this.counts.inFlight >= this.maxInFlight) {
      this.counts.dropped++;
      this.onDrop(intendedAtMs);
      return;
    }
    this.counts.started++;
    this.counts.inFlight++;
    const settle = () => {
      this.counts.inFlight--;
    };
    this.launch(intendedAtMs).then(settle, settle);
  }
}

/** `F:D/E` as in `4:10s/60s`. */
export function parseBurst(text: string, parseDuration: (t: string) => number): Burst {
  const match = /^(\d+(?:\.\d+)?)[x:]([^/]+)\/(.+)$/.exec(text.trim());
  if (!match) throw new Error(`--burst: "${text}" is not FACTOR:DURATION/EVERY, e.g. 4:10s/60s`);
  const factor = Number(match[1]);
  const durationS = parseDuration(match[2]);
  const everyS = parseDuration(match[3]);
  if (factor <= 0) throw new Error('--burst: the factor must be above 0');
  if (durationS > everyS) throw new Error('--burst: the burst cannot last longer than its period');
  return { factor, durationS, everyS };
}
