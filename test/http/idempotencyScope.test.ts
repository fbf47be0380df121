import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/open.ts';
import { buildApp } from '../../src/http/app.ts';
import { purgeExpiredKeys } from '../../src/http/idempotency.ts';
import { describeEachBackend, workerFixture } from '../support/backends.ts';

const A = 'coordinator-key-aaaa';
const B = 'coordinator-key-bbbb';
const OPERATOR = 'operator-key-cccc';
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

const fillPayload = (workers: string[], day = '01') => ({
  order: {
    city: 'Dallas',
    state: 'TX',
    role: 'Forklift Operator',
    headcount: workers.length,
    shift_start: `2031-01-${day}T08:00:00Z`,
    shift_end: `2031-01-${day}T16:00:00Z`,
  },
  worker_ids: workers,
});

describeEachBackend(
  'Idempotency-Key: concurrency, scope per API key, expiry',
  (h) => {
    const count = async (table: string, where = 'true') =>
      (await rowsOf<{ n: number }>(h.database.db, sql.raw(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`)))[0].n;
    const post = (url: string, payload: object, key: string, idem: string) =>
      h.app.inject({
        method: 'POST',
        url,
        payload,
        headers: { ...bearer(key), 'idempotency-key': idem },
      });

    // A fixture, not a test: the tests below read it, and each still runs alone (--test-name-pattern).
    before(async () => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/v1/workers/batch',
        headers: bearer(OPERATOR),
        payload: { workers: ['i-1', 'i-2', 'i-3', 'i-4'].map((id) => workerFixture(id)) },
      });
      assert.equal(res.statusCode, 200, res.body);
    });

    test('20 concurrent identical fills with one key: every caller gets the first answer, one fill is booked', {
      skip: h.backend === 'pglite' ? 'PGlite has one connection: concurrency needs PostgreSQL' : false,
    }, async () => {
      const answers = await Promise.all(Array.from({ length: 20 }, () => post('/v1/fills', fillPayload(['i-1', 'i-2']), A, 'fill-twins')));
      assert.deepEqual(
        answers.map((a) => a.statusCode),
        Array(20).fill(201),
        answers.map((a) => a.body).find((b) => b.includes('error')),
      );
      assert.equal(new Set(answers.map((a) => a.body)).size, 1, 'every body is the same');
      assert.equal(answers.filter((a) => a.headers['idempotent-replayed'] === 'true').length, 19);
      assert.equal(await count('fills'), 1);
      assert.equal(await count('fill_assignments'), 2);
    });

    test('concurrent twins with one key and different bodies: one books, the others are told the key was reused', {
      skip: h.backend === 'pglite' ? 'PGlite has one connection: concurrency needs PostgreSQL' : false,
    }, async () => {
      const before = await count('fills');
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) => post('/v1/fills', fillPayload(['i-3'], String(10 + i)), A, 'fill-mixed')),
      );
      assert.equal(answers.filter((a) => a.statusCode === 201).length, 1);
      for (const a of answers.filter((x) => x.statusCode !== 201)) {
        assert.equal(a.statusCode, 409);
        assert.equal(a.json().error.code, 'idempotency_key_reused');
      }
      assert.equal(await count('fills'), before + 1);
    });

    test("one key string from two API keys: neither replays the other's answer", async () => {
      const body = { query: 'scoped keys', worker_ids: ['i-4'] };
      const first = await post('/v1/matrix/playbooks/record', body, A, 'shared-key');
      assert.equal(first.statusCode, 201);
      const other = await post('/v1/matrix/playbooks/record', body, B, 'shared-key');
      assert.equal(other.statusCode, 201);
      assert.equal(other.headers['idempotent-replayed'], undefined, 'B ran its own write');
      assert.notEqual(other.json().id, first.json().id);
      const differentBody = await post('/v1/matrix/playbooks/record', { query: 'other body', worker_ids: ['i-4'] }, OPERATOR, 'shared-key');
      assert.equal(differentBody.statusCode, 201, "a third client's body is not compared with A's");
      const again = await post('/v1/matrix/playbooks/record', body, A, 'shared-key');
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.json().id, first.json().id);
      assert.equal(await count('idempotency_keys', "key = 'shared-key'"), 3);
    });

    test('expired keys are deleted at start and by the timer; live ones stay', async () => {
      const insert = (key: string, age: string) =>
        h.database.db.execute(sql`INSERT INTO idempotency_keys (scope, key, route, request_hash, status, response, created_at)
      VALUES ('open', ${key}, 'POST /v1/fills', 'h', 201, '{}'::jsonb, now() - ${age}::interval)`);
      await insert('old-1', '25 hours');
      await insert('young-1', '23 hours');
      // A second app on the same database: it purges before it is ready.
      const app = await buildApp({ config: h.config, database: h.database, embedder: h.embedder });
      await app.ready();
      assert.equal(await count('idempotency_keys', "key = 'old-1'"), 0, 'purged at start');
      assert.equal(await count('idempotency_keys', "key = 'young-1'"), 1);
      await app.close();

      await insert('old-2', '30 hours');
      const purging = purgeExpiredKeys(h.database, h.app.log, 20);
      await purging.first;
      await insert('old-3', '26 hours');
      while (await count('idempotency_keys', "key = 'old-3'")) await new Promise((r) => setTimeout(r, 20));
      purging.stop();
      assert.equal(await count('idempotency_keys', "key LIKE 'old-%'"), 0);
      assert.equal(await count('idempotency_keys', "key = 'young-1'"), 1);
    });
  },
  { API_KEYS: `coordinator:${A},coordinator:${B},operator:${OPERATOR}`, RATE_LIMIT_PER_MINUTE: '0', SHED_DB_WAITING: '0' },
);
