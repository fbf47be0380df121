import assert from 'node:assert/strict';
import { test } from 'node:test';
import { leakVerdict, slope, type Track } from '../../loadtest/leaks.ts';
import { promValues } from '../../loadtest/series.ts';

const flat: Track = [];
const every10s = (durationS: number, f: (t: number) => number | null): Track => {
  const points: [number, number | null][] = [];
  for (let t = 10; t <= durationS; t += 10) points.push([t, f(t)]);
  return points;
};

// Deterministic noise: a sawtooth like a heap between collections, +-8 MB.
const sawtooth = (t: number) => ((t / 10) % 5) * 4 - 8;

test('slope is the least-squares fit', () => {
  assert.equal(
    slope([
      [0, 1],
      [1, 3],
      [2, 5],
    ]),
    2,
  );
  assert.equal(slope([[0, 1]]), null);
  assert.equal(
    slope([
      [1, 1],
      [1, 2],
    ]),
    null,
  );
});

test('a flat RSS with noise is no leak; the same RSS growing 40 MB/h is one', () => {
  const hour = 3600;
  const steady = leakVerdict(
    {
      rss_mb_per_h: every10s(hour, (t) => 180 + sawtooth(t) + (t < 600 ? -40 + t / 15 : 0)),
      heap_mb_per_h: every10s(hour, (t) => 60 + sawtooth(t)),
      fds_per_h: every10s(hour, () => 40),
      connections_per_h: every10s(hour, () => 10),
      pg_backends_per_h: every10s(hour, () => null),
    },
    hour,
  );
  assert.equal(steady.verdict, 'no leak');
  assert.ok(Math.abs(steady.rss_mb_per_h!) < 5, `${steady.rss_mb_per_h} MB/h`);
  assert.equal(steady.pg_backends_per_h, null);
  assert.deepEqual(steady.window_s, [1800, 3600]);

  const leaking = leakVerdict(
    {
      rss_mb_per_h: every10s(hour, (t) => 180 + sawtooth(t) + (40 * t) / hour),
      heap_mb_per_h: every10s(hour, (t) => 60 + sawtooth(t)),
      fds_per_h: every10s(hour, (t) => 40 + Math.floor(t / 60)),
      connections_per_h: every10s(hour, () => 10),
      pg_backends_per_h: flat,
    },
    hour,
  );
  assert.ok(Math.abs(leaking.rss_mb_per_h! - 40) < 2, `${leaking.rss_mb_per_h} MB/h`);
  assert.match(leaking.verdict, /^leak suspected: RSS \+20/);
  assert.match(leaking.verdict, /open fds \+30/);
  assert.ok(!/pool/.test(leaking.verdict));
});

test('a short run gives no verdict, only the figures', () => {
  const leaks = leakVerdict(
    {
      rss_mb_per_h: every10s(120, (t) => 100 + t),
      heap_mb_per_h: flat,
      fds_per_h: flat,
      connections_per_h: flat,
      pg_backends_per_h: flat,
    },
    120,
  );
  assert.match(leaks.verdict, /^inconclusive: the second half \(60 s/);
  assert.equal(leaks.rss_mb_per_h, 3600);
  assert.equal(leaks.fds_per_h, null);
});

test('Prometheus text: unlabelled values, labelled series summed, comments and other metrics ignored', () => {
  const text = [
    '# HELP process_resident_memory_bytes Resident memory size in bytes.',
    '# TYPE process_resident_memory_bytes gauge',
    'process_resident_memory_bytes 111382528',
    'process_open_fds 25',
    'db_pool_total 10',
    'db_pool_idle 3',
    'cache_entries{cache="embedding"} 5',
    'cache_entries{cache="results"} 7',
    'process_open_fds_max 1024',
  ].join('\n');
  assert.deepEqual(
    promValues(text, [
      'process_resident_memory_bytes',
      'process_open_fds',
      'db_pool_total',
      'db_pool_idle',
      'cache_entries',
      'db_pool_waiting',
    ]),
    {
      process_resident_memory_bytes: 111382528,
      process_open_fds: 25,
      db_pool_total: 10,
      db_pool_idle: 3,
      cache_entries: 12,
    },
  );
});
