import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseOptions } from '../../loadtest/options.ts';

const parse = (...argv: string[]) => parseOptions(argv, new Date('2026-12-01T00:00:00Z'))!;

test('the closed model stays the default, with one instance and a 10 s sample', () => {
  const o = parse('--url', 'http://127.0.0.1:3000', '--concurrency', '5');
  assert.equal(o.arrivalRate, undefined);
  assert.equal(o.concurrency, 5);
  assert.deepEqual(o.urls.map(String), ['http://127.0.0.1:3000/']);
  assert.equal(o.url.href, 'http://127.0.0.1:3000/');
  assert.equal(o.sampleEveryS, 10);
});

test('the open model: rate, ramp, burst, in-flight cap (default twice the rate, at least 50), a soak duration', () => {
  const o = parse('--arrival-rate', '100', '--ramp', '10', '--burst', '4:10s/1m', '--duration', '2h', '--sample-every', '30s');
  assert.equal(o.arrivalRate, 100);
  assert.equal(o.rampFrom, 10);
  assert.deepEqual(o.burst, { factor: 4, durationS: 10, everyS: 60 });
  assert.equal(o.maxInFlight, 200);
  assert.equal(o.durationS, 7200);
  assert.equal(o.sampleEveryS, 30);
  assert.equal(parse('--arrival-rate', '5').maxInFlight, 50);
  assert.equal(parse('--arrival-rate', '5', '--max-in-flight', '3').maxInFlight, 3);
});

test('several instances, comma-separated', () => {
  const o = parse('--url', 'http://a:3000,http://b:3001/api');
  assert.deepEqual(o.urls.map(String), ['http://a:3000/', 'http://b:3001/api']);
});

test('conflicting or incomplete flags are refused with the flag named', () => {
  assert.throws(() => parse('--arrival-rate', '10', '--concurrency', '5'), /--concurrency is the closed model/);
  assert.throws(() => parse('--burst', '4:10s/60s'), /--burst needs --arrival-rate/);
  assert.throws(() => parse('--max-in-flight', '9'), /--max-in-flight needs --arrival-rate/);
  assert.throws(() => parse('--ingest', 'w.jsonl'), /--ingest needs --pg-url/);
  assert.throws(() => parse('--url', 'http://a:1,ftp://b'), /http or https/);
  assert.throws(() => parse('--url', 'http://a:1,http://b:2', '--service-pid', '7'), /--service-pid/);
  assert.throws(() => parse('--arrival-rate', '0'), /--arrival-rate/);
});
