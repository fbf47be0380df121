import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/open.ts';
import { describeEachBackend, workerFixture } from '../support/backends.ts';

describeEachBackend('Idempotency-Key on retry-safe writes', (h) => {
  const count = async (table: string) =>
    (await rowsOf<{ n: number }>(h.database.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0].n;
  const record = (key: string | undefined, payload: object) =>
    h.app.inject({
      method: 'POST',
      url: '/v1/matrix/playbooks/record',
      payload,
      headers: key ? { 'idempotency-key': key } : {},
    });

  // A fixture, not a test: every test below reads this corpus, and each still runs alone (--test-name-pattern).
  before(async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/workers/batch',
      payload: { workers: [workerFixture('k-1'), workerFixture('k-2')] },
    });
    assert.equal(res.statusCode, 200);
  });

  test('a repeated playbook record with the same key answers the first answer and writes nothing', async () => {
    const body = { query: 'forklift nights', worker_ids: ['k-1'] };
    const first = await record('rec-1', body);
    assert.equal(first.statusCode, 201);
    const again = await record('rec-1', { worker_ids: ['k-1'], query: 'forklift nights' });
    assert.equal(again.statusCode, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.deepEqual(again.json(), first.json());
    assert.equal(await count('playbooks'), 1);
    assert.equal((await record(undefined, body)).statusCode, 201, 'no key: every call writes');
    assert.equal(await count('playbooks'), 2);
  });

  test('the same key with another body is a 409; a malformed key is a 400', async () => {
    const res = await record('rec-1', { query: 'welders', worker_ids: ['k-2'] });
    assert.equal(res.statusCode, 409);
    assert.equal(res.json().error.code, 'idempotency_key_reused');
    const bad = await record('bad key with spaces', { query: 'q', worker_ids: ['k-1'] });
    assert.equal(bad.statusCode, 400);
    assert.equal(await count('playbooks'), 2);
  });

  test('a refused write is not stored: the retry runs again', async () => {
    assert.equal((await record('rec-2', { query: 'q', worker_ids: ['ghost'] })).statusCode, 422);
    assert.equal((await record('rec-2', { query: 'q', worker_ids: ['ghost'] })).statusCode, 422);
  });

  test('a repeated fill booking with the same key returns the same fill and books once', async () => {
    const payload = {
      order: {
        city: 'Dallas',
        state: 'TX',
        role: 'Forklift Operator',
        headcount: 1,
        shift_start: '2030-01-01T08:00:00Z',
        shift_end: '2030-01-01T16:00:00Z',
      },
      worker_ids: ['k-1'],
      playbook: { query: 'forklift dallas' },
    };
    const post = () => h.app.inject({ method: 'POST', url: '/v1/fills', payload, headers: { 'idempotency-key': 'fill-1' } });
    const first = await post();
    assert.equal(first.statusCode, 201, first.body);
    const again = await post();
    assert.equal(again.statusCode, 201);
    assert.deepEqual(again.json(), first.json());
    assert.equal(await count('fills'), 1);
    assert.equal(await count('fill_assignments'), 1);
  });

  test('concurrent twins with one key: one write, every answer the same', {
    skip: h.backend === 'pglite' ? 'PGlite has one connection: concurrency needs PostgreSQL' : false,
  }, async () => {
    const before = await count('playbooks');
    const answers = await Promise.all(Array.from({ length: 20 }, () => record('twins', { query: 'twins', worker_ids: ['k-2'] })));
    assert.deepEqual(
      answers.map((a) => a.statusCode),
      Array(20).fill(201),
    );
    assert.equal(new Set(answers.map((a) => a.json().id)).size, 1);
    assert.equal(await count('playbooks'), before + 1);
  });
});
