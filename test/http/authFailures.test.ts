import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AuthFailureLimiter } from '../../src/http/plugins/authFailures.ts';

test('an address is blocked once it reaches the limit, until its window ends; stale windows are swept', () => {
  let now = 1_000_000;
  const limiter = new AuthFailureLimiter(3, 60_000, () => now);
  for (let i = 0; i < 2; i++) limiter.fail('a');
  assert.equal(limiter.blockedFor('a'), 0);
  limiter.fail('a');
  assert.equal(limiter.blockedFor('a'), 60);
  assert.equal(limiter.blockedFor('b'), 0, 'per address');
  now += 45_500;
  assert.equal(limiter.blockedFor('a'), 15, 'Retry-After counts down to the end of the window');
  now += 14_500;
  assert.equal(limiter.blockedFor('a'), 0, 'a new window starts clean');
  limiter.fail('a');
  assert.equal(limiter.blockedFor('a'), 0);
  now += 120_000;
  limiter.fail('c');
  assert.equal(limiter.size, 1, 'the ended window of a was dropped');
});
