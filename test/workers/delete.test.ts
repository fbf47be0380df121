import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/open.ts';
import { describeEachBackend, workerFixture } from '../support/backends.ts';

const order = (start: string, end: string, headcount = 1) => ({
  city: 'Dallas',
  state: 'TX',
  role: 'Forklift Operator',
  headcount,
  shift_start: start,
  shift_end: end,
});

describeEachBackend('deleting a worker who holds fills', (h) => {
  const book = (workers: string[], start = '2031-03-01T08:00:00Z', end = '2031-03-01T16:00:00Z') =>
    h.app.inject({ method: 'POST', url: '/v1/fills', payload: { order: order(start, end, workers.length), worker_ids: workers } });
  const remove = (id: string) => h.app.inject({ method: 'DELETE', url: `/v1/workers/${id}` });
  const fill = async (id: string) => (await h.app.inject({ url: `/v1/fills/${id}` })).json();

  // A fixture, not a test: the tests below read it, and each still runs alone (--test-name-pattern).
  before(async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/workers/batch',
      payload: { workers: ['d-1', 'd-2', 'd-3', 'd-4'].map((id) => workerFixture(id)) },
    });
    assert.equal(res.statusCode, 200);
  });

  test('a worker with a fill still ahead cannot be deleted: 409 naming the fill, nothing changes', async () => {
    const booked = await book(['d-1', 'd-3']);
    assert.equal(booked.statusCode, 201, booked.body);
    const res = await remove('d-1');
    assert.equal(res.statusCode, 409, res.body);
    const { error } = res.json();
    assert.equal(error.code, 'worker_has_future_fills');
    assert.match(error.message, new RegExp(booked.json().id));
    assert.deepEqual(
      error.details.fills.map((f: { id: string }) => f.id),
      [booked.json().id],
    );
    assert.equal((await h.app.inject({ url: '/v1/workers/d-1' })).statusCode, 200);
    assert.deepEqual((await fill(booked.json().id)).worker_ids, ['d-1', 'd-3']);

    // Once the fill is cancelled the worker can go, and the cancelled fill still names them.
    assert.equal((await h.app.inject({ method: 'DELETE', url: `/v1/fills/${booked.json().id}` })).statusCode, 200);
    assert.equal((await remove('d-1')).statusCode, 204);
    assert.equal((await h.app.inject({ url: '/v1/workers/d-1' })).statusCode, 404);
    assert.deepEqual((await fill(booked.json().id)).worker_ids, ['d-1', 'd-3']);
  });

  test('a worker whose fills are over is deleted; the past fill keeps them as history', async () => {
    const booked = await book(['d-2'], '2031-04-01T08:00:00Z', '2031-04-01T16:00:00Z');
    assert.equal(booked.statusCode, 201);
    // The shift has been worked: move it into the past.
    await h.database.db.execute(
      sql`UPDATE fill_assignments SET shift_start = now() - interval '2 days', shift_end = now() - interval '1 day' WHERE worker_id = 'd-2'`,
    );
    assert.equal((await remove('d-2')).statusCode, 204);
    const kept = await fill(booked.json().id);
    assert.equal(kept.status, 'booked');
    assert.deepEqual(kept.worker_ids, ['d-2']);
    const [row] = await rowsOf<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM fill_assignments WHERE worker_id = 'd-2'`);
    assert.equal(row.n, 1);
  });

  test('a deleted worker cannot be booked', async () => {
    const res = await book(['d-2'], '2031-05-01T08:00:00Z', '2031-05-01T16:00:00Z');
    assert.equal(res.statusCode, 422);
    assert.deepEqual(
      res.json().error.details.map((i: { code: string }) => i.code),
      ['worker_not_found'],
    );
  });

  test('a booking and a delete of one worker at once: never a booked fill naming a deleted worker', {
    skip: h.backend === 'pglite' ? 'PGlite has one connection: concurrency needs PostgreSQL' : false,
  }, async () => {
    for (let round = 0; round < 12; round++) {
      const id = `race-${round}`;
      assert.equal(
        (await h.app.inject({ method: 'PUT', url: `/v1/workers/${id}`, payload: { ...workerFixture(id), id: undefined } })).statusCode,
        200,
      );
      const [booked, removed] = await Promise.all([book([id], '2031-06-01T08:00:00Z', '2031-06-01T16:00:00Z'), remove(id)]);
      const outcome = `${booked.statusCode}/${removed.statusCode}`;
      assert.ok(outcome === '201/409' || outcome === '422/204', `booking/delete answered ${outcome}`);
    }
  });
});
