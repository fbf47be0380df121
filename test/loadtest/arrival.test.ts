import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ArrivalProcess,
  burstWindows,
  expectedArrivals,
  inBurst,
  parseBurst,
  rateAt,
  Scheduler,
  type Clock,
  type RateProfile,
} from '../../loadtest/arrival.ts';
import { parseDuration } from '../../loadtest/options.ts';
import { seededRandom } from '../../src/demo/random.ts';

/** A clock that only moves when told: timers fire in order as time is advanced past them. */
class FakeClock implements Clock {
  private t = 1000;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private ids = 0;

  now(): number {
    return this.t;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { at: this.t + ms, fn, id: ++this.ids };
    this.timers.push(timer);
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }

  /** Moves time forward by `ms`, firing due timers (each at its own time, unless `late` holds them back to the end). */
  async advance(ms: number, late = false): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = late ? end : Math.max(this.t, next.at);
      next.fn();
      await Promise.resolve();
    }
    this.t = end;
    await new Promise((r) => setImmediate(r));
  }
}

const arrivals = (profile: RateProfile, seed = 7): number[] => {
  const process = new ArrivalProcess(profile, seededRandom(seed).next);
  const times: number[] = [];
  for (let t = process.next(); t !== null; t = process.next()) times.push(t);
  return times;
};

test('a constant rate gives a Poisson count within 3 standard deviations and exponential gaps', () => {
  const times = arrivals({ startPerS: 50, targetPerS: 50, durationS: 200 });
  const expected = 50 * 200;
  assert.ok(Math.abs(times.length - expected) < 3 * Math.sqrt(expected), `${times.length} arrivals, expected ${expected}`);
  const gaps = times.slice(1).map((t, i) => t - times[i]);
  const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
  const variance = gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length;
  // Exponential gaps: standard deviation equals the mean (a fixed-interval schedule would have none).
  assert.ok(Math.abs(Math.sqrt(variance) / mean - 1) < 0.05, `coefficient of variation ${Math.sqrt(variance) / mean}`);
  assert.ok(times.every((t, i) => t >= 0 && t < 200 && (i === 0 || t >= times[i - 1])));
});

test('bursts multiply the rate by their factor inside their windows only', () => {
  const profile: RateProfile = { startPerS: 10, targetPerS: 10, durationS: 600, burst: parseBurst('4:10s/60s', parseDuration) };
  assert.deepEqual(profile.burst, { factor: 4, durationS: 10, everyS: 60 });
  const windows = burstWindows(profile);
  assert.equal(windows.length, 10);
  assert.deepEqual(windows[0], [50, 60]);
  assert.deepEqual(windows.at(-1), [590, 600]);
  assert.equal(rateAt(profile, 49.9), 10);
  assert.equal(rateAt(profile, 55), 40);
  const times = arrivals(profile, 11);
  const inside = times.filter((t) => inBurst(profile.burst, t)).length;
  const outside = times.length - inside;
  const ratio = inside / 100 / (outside / 500);
  assert.ok(Math.abs(ratio - 4) < 0.4, `burst rate / base rate = ${ratio}`);
  assert.ok(Math.abs(times.length - expectedArrivals(profile)) < 3 * Math.sqrt(expectedArrivals(profile)));
});

test('a ramp goes linearly from the start rate to the target', () => {
  const profile: RateProfile = { startPerS: 0, targetPerS: 100, durationS: 100 };
  assert.equal(rateAt(profile, 25), 25);
  const times = arrivals(profile, 3);
  const firstHalf = times.filter((t) => t < 50).length;
  const secondHalf = times.length - firstHalf;
  // The integral of the ramp: 1,250 arrivals in the first half, 3,750 in the second.
  assert.ok(Math.abs(firstHalf - 1250) < 3 * Math.sqrt(1250), `first half ${firstHalf}`);
  assert.ok(Math.abs(secondHalf - 3750) < 3 * Math.sqrt(3750), `second half ${secondHalf}`);
});

test('bad --burst values are refused with the flag named', () => {
  assert.throws(() => parseBurst('4x', parseDuration), /--burst/);
  assert.throws(() => parseBurst('4:70s/60s', parseDuration), /longer than its period/);
  assert.throws(() => new ArrivalProcess({ startPerS: 0, targetPerS: 0, durationS: 10 }, Math.random), /above 0/);
});

test('arrivals beyond --max-in-flight are counted as dropped, and started again once runs finish', async () => {
  const clock = new FakeClock();
  const open: (() => void)[] = [];
  const intended: number[] = [];
  const dropped: number[] = [];
  const scheduler = new Scheduler(
    new ArrivalProcess({ startPerS: 100, targetPerS: 100, durationS: 2 }, seededRandom(5).next),
    5,
    clock,
    (at) => {
      intended.push(at);
      return new Promise<void>((resolve) => open.push(resolve));
    },
    (at) => dropped.push(at),
  );
  const t0 = clock.now();
  let finished = false;
  const run = scheduler.run().then(() => {
    finished = true;
  });
  await clock.advance(1000);
  assert.equal(scheduler.figures.started, 5);
  assert.equal(scheduler.figures.inFlight, 5);
  const droppedInFirstSecond = scheduler.figures.dropped;
  assert.ok(droppedInFirstSecond > 70, `${droppedInFirstSecond} dropped`);
  // Two runs finish: the next two arrivals start, later ones are dropped again.
  for (const resolve of open.splice(0, 2)) resolve();
  await clock.advance(0);
  assert.equal(scheduler.figures.inFlight, 3);
  await clock.advance(1000);
  await run;
  assert.ok(finished);
  assert.equal(scheduler.figures.started, 7);
  assert.equal(scheduler.figures.inFlight, 5);
  const all = arrivals({ startPerS: 100, targetPerS: 100, durationS: 2 }, 5);
  // Every arrival is either started or dropped: none is silently skipped.
  assert.equal(scheduler.figures.started + scheduler.figures.dropped, all.length);
  assert.equal(dropped.length, scheduler.figures.dropped);
  assert.deepEqual(
    [...intended, ...dropped].sort((a, b) => a - b),
    all.map((t) => t0 + t * 1000),
  );
});

test('a late timer starts the overdue runs with their intended times, not the time it fired', async () => {
  const clock = new FakeClock();
  const intended: number[] = [];
  const scheduler = new Scheduler(
    new ArrivalProcess({ startPerS: 20, targetPerS: 20, durationS: 1 }, seededRandom(9).next),
    100,
    clock,
    async (at) => {
      intended.push(at);
    },
  );
  const t0 = clock.now();
  const run = scheduler.run();
  await clock.advance(1000, true); // the event loop was blocked for the whole second
  await run;
  const all = arrivals({ startPerS: 20, targetPerS: 20, durationS: 1 }, 9);
  assert.equal(intended.length, all.length);
  assert.deepEqual(
    intended,
    all.map((t) => t0 + t * 1000),
  );
  assert.ok(
    intended.every((at) => at < clock.now()),
    'latency then counts from these earlier instants',
  );
});

test('stop() ends the schedule early', async () => {
  const clock = new FakeClock();
  const scheduler = new Scheduler(
    new ArrivalProcess({ startPerS: 10, targetPerS: 10, durationS: 100 }, seededRandom(1).next),
    10,
    clock,
    async () => {},
  );
  const run = scheduler.run();
  await clock.advance(2000);
  scheduler.stop();
  await run;
  const started = scheduler.figures.started;
  await clock.advance(10_000);
  assert.equal(scheduler.figures.started, started);
  assert.ok(started > 5 && started < 40, `${started} started in 2 s at 10/s`);
});
