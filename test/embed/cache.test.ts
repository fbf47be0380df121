import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Embedder } from '../../src/embed/embedder.ts';
import { EmbeddingCache } from '../../src/embed/cache.ts';
import { queryKey } from '../../src/matrix/queryKey.ts';
import { createHashEmbedder } from '../../src/embed/hash.ts';

interface CountingEmbedder extends Embedder {
  calls: string[][];
}

/** The real hash embedder, recording each call; `failNext` makes the next call reject. */
function countingEmbedder(options: { failNext?: number; delayMs?: number } = {}): CountingEmbedder {
  const inner = createHashEmbedder();
  let failures = options.failNext ?? 0;
  const calls: string[][] = [];
  return {
    id: inner.id,
    dim: inner.dim,
    calls,
    ready: () => inner.ready(),
    embed: async (texts) => {
      calls.push(texts);
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (failures > 0) {
        failures--;
        throw new Error('embedder down');
      }
      return inner.embed(texts);
    },
  };
}

test('first get misses, second get of the same text hits with the same vector', async () => {
  const embedder = countingEmbedder();
  const cache = new EmbeddingCache(embedder);

  const first = await cache.get('forklift operator dallas');
  const second = await cache.get('forklift operator dallas');

  assert.equal(first.hit, false);
  assert.equal(second.hit, true);
  assert.deepEqual(second.vector, first.vector);
  assert.equal(embedder.calls.length, 1);
  assert.deepEqual(cache.stats(), { hits: 1, misses: 1, size: 1, capacity: 2_000 });
});

test('spacing and case variants share one entry', async () => {
  const embedder = countingEmbedder();
  const cache = new EmbeddingCache(embedder);

  await cache.get('Forklift  Operator\tDallas ');
  const variant = await cache.get(' forklift operator dallas');

  assert.equal(variant.hit, true);
  assert.deepEqual(embedder.calls, [['forklift operator dallas']]);
  assert.equal(queryKey('  A\n b  '), 'a b');
});

test('the least recently used entry is evicted at capacity', async () => {
  const embedder = countingEmbedder();
  const cache = new EmbeddingCache(embedder, 2);

  await cache.get('a');
  await cache.get('b');
  await cache.get('a');
  await cache.get('c');

  assert.equal((await cache.get('a')).hit, true);
  assert.equal((await cache.get('c')).hit, true);
  assert.equal((await cache.get('b')).hit, false);
  assert.equal(cache.stats().size, 2);
  assert.deepEqual(embedder.calls.flat(), ['a', 'b', 'c', 'b']);
});

test('10 concurrent gets of one text make one embed call', async () => {
  const embedder = countingEmbedder({ delayMs: 20 });
  const cache = new EmbeddingCache(embedder);

  const results = await Promise.all(Array.from({ length: 10 }, () => cache.get('night shift osha 10')));

  assert.equal(embedder.calls.length, 1);
  assert.ok(results.every((result) => result.vector === results[0].vector));
  assert.equal((await cache.get('night shift osha 10')).hit, true);
  assert.equal(embedder.calls.length, 1);
});

test('a rejected embed reaches every waiter and is not cached', async () => {
  const embedder = countingEmbedder({ failNext: 1, delayMs: 10 });
  const cache = new EmbeddingCache(embedder);

  const outcomes = await Promise.allSettled([cache.get('welder'), cache.get('welder')]);
  assert.deepEqual(
    outcomes.map((outcome) => outcome.status),
    ['rejected', 'rejected'],
  );
  assert.equal(cache.stats().size, 0);

  const retry = await cache.get('welder');
  assert.equal(retry.hit, false);
  assert.equal(retry.vector.length, embedder.dim);
  assert.equal(embedder.calls.length, 2);
});

test('a cached vector is float4, shared by every hit, and read-only to callers', async () => {
  const cache = new EmbeddingCache(countingEmbedder());
  const first = await cache.get('electrician');
  const second = await cache.get('electrician');
  assert.ok(first.vector instanceof Float32Array);
  assert.equal(second.vector, first.vector);
  // A typed array cannot be frozen: the type keeps callers from writing (tsc checks this line in CI).
  const write = () => {
    // @ts-expect-error index signature of a Readonly<Float32Array> is read-only
    first.vector[0] = 42;
  };
  assert.equal(typeof write, 'function');
});

test('embedMany passes through without caching', async () => {
  const embedder = countingEmbedder();
  const cache = new EmbeddingCache(embedder);

  const vectors = await cache.embedMany(['a', 'b']);

  assert.equal(vectors.length, 2);
  assert.deepEqual(embedder.calls, [['a', 'b']]);
  assert.equal(cache.stats().size, 0);
});

test('capacity must be a positive integer', () => {
  assert.throws(() => new EmbeddingCache(countingEmbedder(), 0), RangeError);
  assert.throws(() => new EmbeddingCache(countingEmbedder(), 1.5), RangeError);
});
