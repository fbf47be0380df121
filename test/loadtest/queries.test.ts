import assert from 'node:assert/strict';
import { test } from 'node:test';
import { queryAt, queryPool, rotatingPool, VOCABULARY, type Vocabulary } from '../../loadtest/queries.ts';

test('100k draws from the pool are all distinct', () => {
  const pool = queryPool(42);
  const seen = new Set<string>();
  for (let i = 0; i < 100_000; i++) seen.add(pool.next());
  assert.equal(seen.size, 100_000);
});

test('the pool is large enough for a long run at the old stack rate', () => {
  // 1,115 scenarios/s for 5 minutes with 35 % cold searches is about 117k draws.
  assert.ok(queryPool(1).size > 1_000_000, `size ${queryPool(1).size}`);
});

test('the same seed gives the same order, another seed another', () => {
  const draw = (seed: number) => {
    const pool = queryPool(seed);
    return Array.from({ length: 50 }, () => pool.next());
  };
  assert.deepEqual(draw(7), draw(7));
  assert.notDeepEqual(draw(7), draw(8));
});

test('every point of the product space has its own text', () => {
  const tiny: Vocabulary = {
    ...VOCABULARY,
    roles: ['welder', 'cook'],
    places: ['Dallas, TX', 'Reno, NV'],
    shifts: ['day shift', 'night shift'],
    certifications: ['CPR', 'BLS'],
    headcounts: [1, 2],
  };
  const size = 2 * 2 * 2 * 2 * 2 * VOCABULARY.templates.length;
  const texts = new Set(Array.from({ length: size }, (_, i) => queryAt(i, tiny)));
  assert.equal(texts.size, size);
});

test('past the end of the space the texts come back numbered, still distinct', () => {
  const tiny: Vocabulary = {
    ...VOCABULARY,
    roles: ['welder'],
    places: ['Dallas, TX'],
    shifts: ['day shift'],
    certifications: ['CPR'],
    headcounts: [1, 2],
    templates: VOCABULARY.templates.slice(0, 2),
  };
  const pool = queryPool(3, tiny);
  assert.equal(pool.size, 4);
  const texts = Array.from({ length: 12 }, () => pool.next());
  assert.equal(new Set(texts).size, 12);
  assert.match(texts[4], /\(request 2\)$/);
});

test('queries read as plain staffing requests', () => {
  const text = queryPool(42).next();
  assert.ok(text.length > 20 && text.length < 200, text);
  assert.doesNotMatch(text, /undefined|NaN/);
});

test('--rotate: a fixed pool of distinct texts handed out in turn', () => {
  const pool = rotatingPool(42, 3);
  const drawn = Array.from({ length: 7 }, () => pool.next());
  assert.equal(new Set(drawn).size, 3);
  assert.deepEqual(drawn.slice(3, 6), drawn.slice(0, 3));
  assert.equal(drawn[6], drawn[0]);
  assert.deepEqual(
    drawn.slice(0, 3),
    Array.from(
      { length: 3 },
      (
        (p) => () =>
          p.next()
      )(queryPool(42)),
    ),
  );
});
