import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { openDatabase } from '../../src/db/open.ts';
import { buildApp } from '../../src/http/app.ts';
import { errorsPlugin, isDatabaseUnavailable } from '../../src/http/plugins/errors.ts';
import { limitsPlugin } from '../../src/http/plugins/limits.ts';
import { describeEachBackend, poolOf, workerFixture } from '../support/backends.ts';

const COORDINATOR = 'coordkey123';
const OPERATOR = 'operkey456';
const KEYS = `coordinator:${COORDINATOR},operator:${OPERATOR}`;
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
const POSTGRES_ONLY = 'PGlite has no connection pool and no statement_timeout to exercise';

describeEachBackend(
  'rate limit per key',
  (h) => {
    const list = (key: string) => h.app.inject({ url: '/v1/workers?limit=1', headers: bearer(key) });

    test('the 6th request in a minute is 429 with Retry-After and the error body; other keys are unaffected', async () => {
      for (let i = 0; i < 5; i++) {
        const res = await list(COORDINATOR);
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.headers['x-ratelimit-remaining'], String(4 - i));
      }
      const limited = await list(COORDINATOR);
      assert.equal(limited.statusCode, 429);
      assert.deepEqual(Object.keys(limited.json()), ['error']);
      assert.equal(limited.json().error.code, 'rate_limited');
      assert.match(limited.json().error.message, /retry in/);
      const retryAfter = Number(limited.headers['retry-after']);
      assert.ok(retryAfter > 0 && retryAfter <= 60, `Retry-After ${limited.headers['retry-after']}`);
      assert.equal((await list(OPERATOR)).statusCode, 200, 'the operator key has its own budget');
    });

    test('refused keys do not spend a key budget, and /health is never limited', async () => {
      for (let i = 0; i < 10; i++) assert.equal((await list('wrongkey999')).statusCode, 401);
      assert.equal((await list(OPERATOR)).statusCode, 200);
      for (let i = 0; i < 10; i++) assert.equal((await h.app.inject({ url: '/health' })).statusCode, 200);
    });
  },
  { API_KEYS: KEYS, RATE_LIMIT_PER_MINUTE: '5' },
);

describeEachBackend(
  'rate limit without keys',
  (h) => {
    test('is per client address', async () => {
      const list = (remoteAddress: string) => h.app.inject({ url: '/v1/workers', remoteAddress });
      for (let i = 0; i < 3; i++) assert.equal((await list('10.0.0.1')).statusCode, 200);
      assert.equal((await list('10.0.0.1')).statusCode, 429);
      assert.equal((await list('10.0.0.2')).statusCode, 200);
    });
  },
  { RATE_LIMIT_PER_MINUTE: '3' },
);

describeEachBackend(
  'RATE_LIMIT_PER_MINUTE=0',
  (h) => {
    test('turns the limiter off', async () => {
      for (let i = 0; i < 30; i++) {
        const res = await h.app.inject({ url: '/v1/workers?limit=1' });
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['x-ratelimit-limit'], undefined);
      }
    });
  },
  { RATE_LIMIT_PER_MINUTE: '0' },
);

describeEachBackend('body limit', (h) => {
  const batch = (bytes: number) => {
    const worker = workerFixture('big-1', { summary: 'x'.repeat(bytes) });
    return JSON.stringify({ workers: [worker] });
  };

  test('a body over 5 MB is 413 body_too_large; one just under is read and judged by the schema', async () => {
    const over = await h.app.inject({
      method: 'POST',
      url: '/v1/workers/batch',
      headers: { 'content-type': 'application/json' },
      payload: batch(5 * 1024 * 1024),
    });
    assert.equal(over.statusCode, 413);
    assert.equal(over.json().error.code, 'body_too_large');
    const under = await h.app.inject({
      method: 'POST',
      url: '/v1/workers/batch',
      headers: { 'content-type': 'application/json' },
      payload: batch(5 * 1024 * 1024 - 2048),
    });
    assert.equal(under.statusCode, 400, 'parsed, then refused for the summary length');
    assert.equal(under.json().error.code, 'invalid_request');
    assert.equal((await h.app.inject({ url: '/v1/workers/big-1' })).statusCode, 404);
  });
});

describeEachBackend(
  'load shedding on a saturated pool',
  (h) => {
    test('queries queued for a connection beyond SHED_DB_WAITING make new requests 503; /health and /metrics still answer', {
      skip: h.backend === 'pglite' && POSTGRES_ONLY,
    }, async () => {
      const pool = poolOf(h.database);
      const held = await Promise.all(Array.from({ length: pool.options.max }, () => pool.connect()));
      const queued = Array.from({ length: 3 }, () => h.app.inject({ url: '/v1/workers?limit=1' }));
      try {
        for (let i = 0; pool.waitingCount < 3 && i < 100; i++) await sleep(10);
        assert.equal(pool.waitingCount, 3);
        const shed = await h.app.inject({ url: '/v1/workers?limit=1' });
        assert.equal(shed.statusCode, 503);
        assert.equal(shed.headers['retry-after'], '2');
        assert.deepEqual(shed.json(), { error: { code: 'unavailable', message: 'the database is saturated; retry shortly' } });
        assert.equal((await h.app.inject({ url: '/health' })).statusCode, 200);
        const metrics = await h.app.inject({ url: '/metrics' });
        assert.match(metrics.body, /^staffing_matrix_db_pool_waiting_queries 3$/m);
      } finally {
        for (const client of held) client.release();
      }
      for (const res of await Promise.all(queued)) assert.equal(res.statusCode, 200, 'queued requests complete once connections free up');
      assert.equal((await h.app.inject({ url: '/v1/workers?limit=1' })).statusCode, 200);
    });
  },
  { SHED_DB_WAITING: '2' },
);

test('event-loop shedding: a lagging loop makes requests 503 with Retry-After until it recovers; /health is exempt', async () => {
  const app = Fastify();
  await app.register(errorsPlugin);
  await app.register(limitsPlugin, { perMinute: 0, maxEventLoopDelayMs: 30, maxDbWaiting: 0, sampleIntervalMs: 100 });
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/v1/work', async () => ({ done: true }));
  await app.ready();
  try {
    assert.equal((await app.inject({ url: '/v1/work' })).statusCode, 200);
    const until = Date.now() + 400;
    while (Date.now() < until) {
      /* a synchronous stall, as a CPU-bound request would cause */
    }
    for (let i = 0; app.memoryUsage().eventLoopDelay <= 30 && i < 100; i++) await sleep(5);
    const shed = await app.inject({ url: '/v1/work' });
    assert.equal(shed.statusCode, 503);
    assert.equal(shed.headers['retry-after'], '2');
    assert.equal(shed.json().error.code, 'unavailable');
    assert.equal((await app.inject({ url: '/health' })).statusCode, 200);
    for (let i = 0; app.memoryUsage().eventLoopDelay > 30 && i < 100; i++) await sleep(20);
    assert.equal((await app.inject({ url: '/v1/work' })).statusCode, 200);
  } finally {
    await app.close();
  }
});

describeEachBackend('statement timeout', (h) => {
  const skip = h.backend === 'pglite' && POSTGRES_ONLY;

  test('a statement running past statement_timeout is cancelled (57014) and counts as unavailable', { skip }, async () => {
    const database = await openDatabase({ databaseUrl: h.url, dataDir: 'unused', statementTimeoutMs: 200 });
    try {
      const started = Date.now();
      const err = await database.db.execute(sql`SELECT pg_sleep(2)`).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(err, 'pg_sleep(2) should have been cancelled');
      const code = (err as { code?: string; cause?: { code?: string } }).code ?? (err as { cause?: { code?: string } }).cause?.code;
      assert.equal(code, '57014');
      assert.ok(Date.now() - started < 1500, `cancelled after ${Date.now() - started} ms`);
      assert.ok(isDatabaseUnavailable(err));
    } finally {
      await database.close();
    }
  });

  test('a request stuck behind a lock answers 503 with Retry-After instead of hanging', { skip }, async () => {
    const database = await openDatabase({ databaseUrl: h.url, dataDir: 'unused', statementTimeoutMs: 300 });
    const app = await buildApp({ config: h.config, database, embedder: h.embedder });
    const locker = await poolOf(h.database).connect();
    try {
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE workers IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      const res = await app.inject({ url: '/v1/workers' });
      assert.equal(res.statusCode, 503, res.body);
      assert.equal(res.json().error.code, 'unavailable');
      assert.ok(res.headers['retry-after']);
      assert.ok(Date.now() - started < 2000, `answered after ${Date.now() - started} ms`);
    } finally {
      await locker.query('ROLLBACK');
      locker.release();
      await app.close();
      await database.close();
    }
  });
});
