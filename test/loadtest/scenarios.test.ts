import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seededRandom } from '../../src/demo/random.ts';
import { DEFAULT_WEIGHTS, parseWeights, scenarioPicker, SCENARIO_NAMES, type ScenarioName } from '../../loadtest/scenarios.ts';

test('default weights are the documented mix (loadtest/README.md) and sum to 100', () => {
  assert.deepEqual(DEFAULT_WEIGHTS, {
    cold_search_email: 35,
    surge_fill_validate: 15,
    profile_swap: 15,
    repeat_cache: 15,
    sms_validate: 10,
    playbook_record_replay: 10,
  });
});

test('the picker splits 100k draws in proportion to the weights', () => {
  const pick = scenarioPicker(DEFAULT_WEIGHTS, seededRandom(1));
  const counts = Object.fromEntries(SCENARIO_NAMES.map((n) => [n, 0])) as Record<ScenarioName, number>;
  const draws = 100_000;
  for (let i = 0; i < draws; i++) counts[pick()]++;
  for (const name of SCENARIO_NAMES) {
    const share = (100 * counts[name]) / draws;
    assert.ok(Math.abs(share - DEFAULT_WEIGHTS[name]) < 0.7, `${name}: ${share.toFixed(2)} % for weight ${DEFAULT_WEIGHTS[name]}`);
  }
});

test('a scenario of weight 0 is never picked', () => {
  const pick = scenarioPicker(parseWeights('repeat_cache=1,sms_validate=3'), seededRandom(2));
  const seen = new Set(Array.from({ length: 10_000 }, pick));
  assert.deepEqual([...seen].sort(), ['repeat_cache', 'sms_validate']);
});

test('--weights lists the whole mix and refuses unknown names and bad numbers', () => {
  const weights = parseWeights('cold_search_email=50, surge_fill_validate=50');
  assert.equal(weights.cold_search_email, 50);
  assert.equal(weights.profile_swap, 0);
  assert.throws(() => parseWeights('cold_search=5'), /not <scenario>=<weight>/);
  assert.throws(() => parseWeights('repeat_cache=-1'), /not <scenario>=<weight>/);
  assert.throws(() => parseWeights('repeat_cache=x'), /not <scenario>=<weight>/);
  assert.throws(() => parseWeights('repeat_cache=0'), /at least one weight/);
});
