import assert from 'node:assert/strict';
import { test } from 'node:test';
import { thresholdBreaches } from '../../loadtest/options.ts';
import { SCENARIO_NAMES } from '../../loadtest/scenarios.ts';
import { EXAMPLES_PER_KIND, table, Tally } from '../../loadtest/stats.ts';

const resources = { service_rss_mb: 150.5, service_cpu_pct: 80.1, postgres_rss_mb: null, postgres_cpu_pct: null };

function filled(): Tally {
  const tally = new Tally();
  for (let i = 1; i <= 100; i++) tally.record('cold_search_email', i);
  tally.record('surge_fill_validate', 5, { step: 'book_fill', check: 'fill booked (HTTP 201)', status: 409, code: 'double_booked' });
  tally.record('surge_fill_validate', 7);
  return tally;
}

test('the summary has exactly the documented JSON shape (loadtest/README.md)', () => {
  const summary = filled().summary(10, 50, resources);
  assert.deepEqual(Object.keys(summary), ['scenarios', 'total', 'resources']);
  assert.deepEqual(Object.keys(summary.scenarios), SCENARIO_NAMES);
  for (const line of Object.values(summary.scenarios)) {
    assert.deepEqual(Object.keys(line), ['runs', 'failures', 'fail_pct', 'p50_ms', 'p95_ms', 'p99_ms', 'max_ms']);
  }
  assert.deepEqual(Object.keys(summary.total), ['runs', 'failures', 'per_sec', 'duration_s', 'concurrency', 'dropped', 'mode']);
  assert.deepEqual(Object.keys(summary.resources), ['service_rss_mb', 'service_cpu_pct', 'postgres_rss_mb', 'postgres_cpu_pct']);
  const parsed = JSON.parse(JSON.stringify(summary));
  assert.equal(parsed.total.runs, 102);
  assert.equal(parsed.total.failures, 1);
  assert.equal(parsed.total.per_sec, 10.2);
  assert.equal(parsed.total.concurrency, 50);
});

test('percentiles come from the histogram and never exceed the exact maximum', () => {
  const line = filled().summary(10, 50, resources).scenarios.cold_search_email;
  assert.equal(line.runs, 100);
  assert.ok(Math.abs(line.p50_ms! - 50) < 0.1, String(line.p50_ms));
  assert.ok(Math.abs(line.p95_ms! - 95) < 0.1, String(line.p95_ms));
  assert.ok(Math.abs(line.p99_ms! - 99) < 0.1, String(line.p99_ms));
  assert.equal(line.max_ms, 100);
});

test('fail % per scenario; a scenario that never ran has no latency', () => {
  const s = filled().summary(10, 50, resources).scenarios;
  assert.equal(s.surge_fill_validate.fail_pct, 50);
  assert.deepEqual(s.repeat_cache, { runs: 0, failures: 0, fail_pct: 0, p50_ms: null, p95_ms: null, p99_ms: null, max_ms: null });
});

test('failures are grouped by kind and only the first few are kept for printing', () => {
  const tally = new Tally();
  const failure = { step: 'validate_sms', check: 'SMS valid', status: 200, code: 'pii_ssn' };
  const printed = Array.from({ length: 8 }, () => tally.record('sms_validate', 3, failure));
  assert.equal(printed.filter(Boolean).length, EXAMPLES_PER_KIND);
  const [kind] = tally.kinds.values();
  assert.equal(kind.count, 8);
  assert.equal(kind.examples.length, EXAMPLES_PER_KIND);
});

test('nothing is counted after the load stopped', () => {
  const tally = new Tally();
  tally.close();
  tally.record('profile_swap', 1);
  assert.equal(tally.totals().runs, 0);
});

test('the table has a header, one row per scenario and a total line', () => {
  const lines = table(filled().summary(10, 50, resources)).split('\n');
  assert.match(lines[0], /scenario\s+runs\s+fail %\s+p50 ms\s+p95 ms\s+p99 ms\s+max ms/);
  for (const name of SCENARIO_NAMES)
    assert.ok(
      lines.some((l) => l.startsWith(name)),
      name,
    );
  assert.match(lines.at(-1)!, /^total\s+102\s+0\.98\s+10\.20 scenarios\/s over 10 s at concurrency 50/);
});

test('thresholds: fail % above the gate or a rate below it breach', () => {
  const scenarios = { a: { runs: 10, fail_pct: 0 }, b: { runs: 10, fail_pct: 10 } };
  assert.deepEqual(thresholdBreaches(scenarios, 100, { maxFailPct: 100, minRate: 0 }), []);
  assert.equal(thresholdBreaches(scenarios, 100, { maxFailPct: 0, minRate: 0 }).length, 1);
  assert.match(thresholdBreaches(scenarios, 5, { maxFailPct: 10, minRate: 6 })[0], /--min-rate 6/);
});

test('windows hold the runs since the last call; phases split the run around an ingest', () => {
  const tally = new Tally();
  tally.setPhase('before');
  for (let i = 1; i <= 10; i++) tally.record('cold_search_email', i);
  const first = tally.window();
  assert.deepEqual(first.total, { runs: 10, failures: 0, p50_ms: 5, p99_ms: 10 });
  assert.equal(first.scenarios.cold_search_email?.runs, 10);
  tally.setPhase('during');
  tally.record('repeat_cache', 100, { step: 'search_2', check: 'cache.results == hit' });
  const second = tally.window();
  assert.deepEqual(second.total, { runs: 1, failures: 1, p50_ms: 100, p99_ms: 100 });
  assert.equal(second.scenarios.cold_search_email, undefined);
  assert.deepEqual(tally.window().total.runs, 0);
  const phases = tally.phaseLines();
  assert.deepEqual(Object.keys(phases), ['before', 'during']);
  assert.equal(phases.before.runs, 10);
  assert.equal(phases.during.failures, 1);
  assert.equal(tally.totals().runs, 11);
  const distribution = tally.distribution([50, 100]);
  assert.deepEqual(distribution.cold_search_email, [
    [50, 5],
    [100, 10],
  ]);
  assert.equal(distribution.sms_validate, undefined);
});

test('in the open model the total line names the in-flight cap and the dropped arrivals', () => {
  const summary = filled().summary(10, 200, resources, { mode: 'arrival', dropped: 7 });
  assert.match(
    table(summary).split('\n').at(-1)!,
    /10\.20 scenarios\/s over 10 s \(open model, at most 200 in flight, 7 arrivals dropped\)$/,
  );
});
