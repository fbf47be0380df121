import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/open.ts';
import { EmbedderUnavailable, type Embedder } from '../../src/embed/embedder.ts';
import { buildApp } from '../../src/http/app.ts';
import { describeEachBackend, workerFixture } from '../support/backends.ts';

const BASE = Date.parse('2025-05-01T00:00:00Z');
/** An instant `hours` after BASE, as ISO text (UTC). */
const at = (hours: number) => new Date(BASE + hours * 3_600_000).toISOString();
const order = (from: number, to: number, over: object = {}) => ({
  ref: 'PO-1',
  city: 'Dallas',
  state: 'TX',
  role: 'Forklift Operator',
  headcount: 1,
  shift_start: at(from),
  shift_end: at(to),
  certifications: ['OSHA 10'],
  ...over,
});
type Issue = { code: string; field?: string; message: string };
const codes = (list: Issue[]) => list.map((i) => `${i.code}@${i.field ?? ''}`).sort();

describeEachBackend('fill validation and booking', (h) => {
  const validate = (payload: object) => h.app.inject({ method: 'POST', url: '/v1/validate/fill', payload });
  const book = (payload: object) => h.app.inject({ method: 'POST', url: '/v1/fills', payload });
  const counts = async () =>
    (
      await rowsOf<{ fills: number; assignments: number; playbooks: number }>(
        h.database.db,
        sql`SELECT
    (SELECT count(*)::int FROM fills) AS fills, (SELECT count(*)::int FROM fill_assignments) AS assignments,
    (SELECT count(*)::int FROM playbooks) AS playbooks`,
      )
    )[0];

  // A fixture, not a test: the tests below read it, and each still runs alone (--test-name-pattern).
  before(async () => {
    const workers = [
      ...['f-1', 'f-2', 'f-3', 'f-4', 'f-5', 'f-6', 'f-race'].map((id) => workerFixture(id, { availability: ['days'] })), // the orders here are day shifts
      workerFixture('f-off', { status: 'inactive' }),
      workerFixture('f-hou', { city: 'Houston' }),
      workerFixture('f-weld', { role: 'Welder' }),
      workerFixture('f-nocert', { certifications: [] }),
    ];
    assert.equal((await h.app.inject({ method: 'POST', url: '/v1/workers/batch', payload: { workers } })).statusCode, 200);
  });

  test('validate/fill: a valid proposal, and every code with the field it concerns', async () => {
    const valid = await validate({ order: order(8, 16, { headcount: 2, state: 'tx', city: 'DALLAS' }), worker_ids: ['f-1', 'f-2'] });
    assert.equal(valid.statusCode, 200, valid.body);
    assert.deepEqual(valid.json(), { valid: true, errors: [], warnings: [] });
    const cases: [object, string[], string[]][] = [
      [{}, ['f-1', 'ghost'], ['worker_not_found@worker_ids[1]']],
      [{}, ['f-1', 'f-2', 'f-1'], ['duplicate_worker@worker_ids[2]']],
      [{ headcount: 3 }, ['f-1', 'f-2'], ['headcount_mismatch@worker_ids']],
      [{}, ['f-1', 'f-hou'], ['location_mismatch@worker_ids[1]']],
      [{}, ['f-weld', 'f-1'], ['role_mismatch@worker_ids[0]']],
      [{}, ['f-1', 'f-off'], ['worker_inactive@worker_ids[1]']],
      [{}, ['f-1', 'f-nocert'], ['missing_certification@worker_ids[1]']],
      [{ shift_end: at(7) }, ['f-1', 'f-2'], ['invalid_shift@order.shift_end']],
      [{ shift_start: 'next tuesday' }, ['f-1', 'f-2'], ['invalid_shift@order.shift_start']],
      [{ shift_start: '2025-05-01T08:00:00' }, ['f-1', 'f-2'], ['invalid_shift@order.shift_start']],
      [{ shift_end: undefined }, ['f-1', 'f-2'], ['invalid_shift@order.shift_end']],
      [{ shift_end: at(8 + 25) }, ['f-1', 'f-2'], ['invalid_shift@order.shift_end']],
    ];
    for (const [over, ids, errors] of cases) {
      const res = await validate({ order: order(8, 16, { headcount: 2, ...over }), worker_ids: ids });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(codes(res.json().errors), errors, `${JSON.stringify(over)} ${ids}`);
      assert.equal(res.json().valid, false);
    }
  });

  test('POST /v1/fills books (201) and GET returns the same fill', async () => {
    const before = await counts();
    const res = await book({ order: order(8, 16, { headcount: 2, shift_start: '2025-05-01T03:00:00-05:00' }), worker_ids: ['f-2', 'f-1'] });
    assert.equal(res.statusCode, 201, res.body);
    const fill = res.json();
    assert.match(fill.id, /^[0-9a-f-]{36}$/);
    assert.deepEqual(
      { ...fill, id: undefined, created_at: undefined },
      {
        id: undefined,
        created_at: undefined,
        ref: 'PO-1',
        city: 'Dallas',
        state: 'TX',
        role: 'Forklift Operator',
        headcount: 2,
        shift_start: '2025-05-01T08:00:00.000Z',
        shift_end: '2025-05-01T16:00:00.000Z',
        certifications: ['OSHA 10'],
        status: 'booked',
        worker_ids: ['f-1', 'f-2'],
      },
    );
    assert.ok(Date.parse(fill.created_at) > 0);
    const got = await h.app.inject({ url: `/v1/fills/${fill.id}` });
    assert.equal(got.statusCode, 200);
    assert.deepEqual(got.json(), fill);
    assert.deepEqual(await counts(), { ...before, fills: before.fills + 1, assignments: before.assignments + 2 });
  });

  test('validate/fill reports double_booked against the existing fill; a back-to-back shift is fine', async () => {
    const existing = (
      await rowsOf<{ id: string }>(h.database.db, sql`SELECT fill_id AS id FROM fill_assignments WHERE worker_id = 'f-1'`)
    )[0].id;
    const res = await validate({ order: order(15, 20), worker_ids: ['f-1'] });
    assert.deepEqual(codes(res.json().errors), ['double_booked@worker_ids[0]']);
    assert.match(res.json().errors[0].message, new RegExp(existing));
    const after = await validate({ order: order(16, 20), worker_ids: ['f-1'] });
    assert.deepEqual(after.json().errors, [], 'half-open: ending at 16:00 and starting at 16:00 do not overlap');
    const before = await validate({ order: order(0, 8), worker_ids: ['f-1'] });
    assert.deepEqual(before.json().errors, []);
    assert.deepEqual(
      (await validate({ order: order(15, 20, { shift_start: undefined, shift_end: undefined }), worker_ids: ['f-1'] })).json().errors,
      [],
      'no shift, no clash check',
    );
  });

  test('422 fill_invalid carries the validator errors and writes nothing; missing shift times are 400', async () => {
    const before = await counts();
    const res = await book({
      order: order(30, 38, { headcount: 2 }),
      worker_ids: ['f-3', 'f-hou'],
      playbook: { query: 'forklift dallas' },
    });
    assert.equal(res.statusCode, 422, res.body);
    const { error } = res.json();
    assert.equal(error.code, 'fill_invalid');
    assert.deepEqual(codes(error.details), ['location_mismatch@worker_ids[1]']);
    const shift = await book({ order: order(38, 30), worker_ids: ['f-3'] });
    assert.equal(shift.statusCode, 422);
    assert.deepEqual(codes(shift.json().error.details), ['invalid_shift@order.shift_end']);
    for (const field of ['shift_start', 'shift_end']) {
      const missing = await book({ order: order(30, 38, { [field]: undefined }), worker_ids: ['f-3'] });
      assert.equal(missing.statusCode, 400, missing.body);
      assert.ok(
        missing.json().error.details.some((d: { field: string }) => d.field === `order.${field}`),
        missing.body,
      );
    }
    assert.equal((await book({ order: order(30, 38), worker_ids: ['f-3'], playbook: {} })).statusCode, 400);
    assert.deepEqual(await counts(), before);
  });

  test('409 double_booked names each clashing worker and the fill it clashes with', async () => {
    const a = (await book({ order: order(100, 108), worker_ids: ['f-3'] })).json().id;
    const b = (await book({ order: order(110, 112), worker_ids: ['f-4'] })).json().id;
    const before = await counts();
    const res = await book({ order: order(104, 111, { headcount: 3 }), worker_ids: ['f-3', 'f-4', 'f-5'] });
    assert.equal(res.statusCode, 409, res.body);
    const { error } = res.json();
    assert.equal(error.code, 'double_booked');
    assert.deepEqual(error.details.worker_ids, ['f-3', 'f-4']);
    assert.deepEqual(error.details.clashes, [
      { worker_id: 'f-3', fill_id: a, shift_start: at(100), shift_end: at(108) },
      { worker_id: 'f-4', fill_id: b, shift_start: at(110), shift_end: at(112) },
    ]);
    assert.match(error.message, new RegExp(`f-3 on fill ${a}.*f-4 on fill ${b}`));
    assert.deepEqual(await counts(), before, 'f-5 was not booked either');
  });

  test('back-to-back shifts are allowed (half-open ranges), whatever the offset notation', async () => {
    assert.equal((await book({ order: order(200, 208), worker_ids: ['f-5'] })).statusCode, 201);
    // 208h after BASE is 2025-05-09T16:00Z, written here as 11:00 at UTC-5.
    const next = await book({ order: order(208, 216, { shift_start: '2025-05-09T11:00:00-05:00' }), worker_ids: ['f-5'] });
    assert.equal(next.statusCode, 201, next.body);
    assert.equal(next.json().shift_start, at(208));
    assert.equal((await book({ order: order(192, 200), worker_ids: ['f-5'] })).statusCode, 201);
    assert.equal((await book({ order: order(207.5, 208.5), worker_ids: ['f-5'] })).statusCode, 409);
  });

  test('GET and DELETE: 404 unknown, 400 not a uuid; cancel frees the worker and is idempotent', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    for (const method of ['GET', 'DELETE'] as const) {
      const missing = await h.app.inject({ method, url: `/v1/fills/${unknown}` });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.json().error.code, 'not_found');
      assert.equal((await h.app.inject({ method, url: '/v1/fills/nope' })).statusCode, 400);
    }
    const fill = (await book({ order: order(300, 308), worker_ids: ['f-6'] })).json();
    assert.equal((await book({ order: order(300, 308), worker_ids: ['f-6'] })).statusCode, 409);
    const cancelled = await h.app.inject({ method: 'DELETE', url: `/v1/fills/${fill.id}` });
    assert.equal(cancelled.statusCode, 200, cancelled.body);
    const body = cancelled.json();
    assert.equal(body.status, 'cancelled');
    assert.ok(Date.parse(body.cancelled_at) > 0);
    assert.deepEqual({ ...body, status: 'booked', cancelled_at: undefined }, { ...fill, cancelled_at: undefined });
    const active = await rowsOf<{ active: boolean }>(h.database.db, sql`SELECT active FROM fill_assignments WHERE fill_id = ${fill.id}`);
    assert.deepEqual(active, [{ active: false }]);
    const again = await h.app.inject({ method: 'DELETE', url: `/v1/fills/${fill.id}` });
    assert.equal(again.statusCode, 200);
    assert.deepEqual(again.json(), body, 'a second cancel changes nothing');
    assert.deepEqual((await h.app.inject({ url: `/v1/fills/${fill.id}` })).json(), body);
    const rebooked = await book({ order: order(300, 308), worker_ids: ['f-6'] });
    assert.equal(rebooked.statusCode, 201, rebooked.body);
    const check = await validate({ order: order(301, 302), worker_ids: ['f-6'] });
    assert.match(check.json().errors[0].message, new RegExp(rebooked.json().id), 'the clash is with the live fill, not the cancelled one');
  });

  test('fill + playbook: booked together, or neither when either fails', async () => {
    const before = await counts();
    const res = await book({
      order: order(400, 408, { headcount: 2 }),
      worker_ids: ['f-1', 'f-2'],
      playbook: { query: 'forklift operators dallas mornings' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const { playbook_id, worker_ids } = res.json();
    assert.match(playbook_id, /^[0-9a-f-]{36}$/);
    const [pb] = await rowsOf<{ worker_ids: string[]; filters: unknown; outcome: string }>(
      h.database.db,
      sql`SELECT worker_ids, filters, outcome FROM playbooks WHERE id = ${playbook_id}`,
    );
    assert.deepEqual(pb, { worker_ids, filters: { city: 'Dallas', state: 'TX', role: 'Forklift Operator' }, outcome: 'filled' });
    assert.deepEqual(await counts(), { fills: before.fills + 1, assignments: before.assignments + 2, playbooks: before.playbooks + 1 });

    // The playbook is written before the clashing assignment: the rollback must take it too.
    const clash = await book({ order: order(404, 412), worker_ids: ['f-2'], playbook: { query: 'forklift again' } });
    assert.equal(clash.statusCode, 409, clash.body);
    assert.deepEqual(await counts(), { fills: before.fills + 1, assignments: before.assignments + 2, playbooks: before.playbooks + 1 });

    const down: Embedder = {
      id: h.embedder.id,
      dim: h.embedder.dim,
      ready: async () => {},
      embed: async () => {
        throw new EmbedderUnavailable('embedder is down');
      },
    };
    const app = await buildApp({ config: h.config, database: h.database, embedder: down });
    try {
      const failed = await app.inject({
        method: 'POST',
        url: '/v1/fills',
        payload: { order: order(500, 508), worker_ids: ['f-3'], playbook: { query: 'never embedded' } },
      });
      assert.equal(failed.statusCode, 503, failed.body);
      assert.deepEqual(await counts(), { fills: before.fills + 1, assignments: before.assignments + 2, playbooks: before.playbooks + 1 });
    } finally {
      await app.close();
    }
  });

  test('50 concurrent bookings of one worker into overlapping shifts: one 201, 49 409s, one assignment', {
    skip: h.backend === 'pglite' ? 'PGlite has one connection: concurrency needs PostgreSQL' : false,
  }, async () => {
    // Every window is 8 h long and starts within the first hour, so each overlaps all the others.
    const attempts = Array.from({ length: 50 }, (_, i) =>
      book({ order: order(600 + i / 60, 608 + i / 60, { ref: `race-${i}` }), worker_ids: ['f-race'] }),
    );
    const answers = await Promise.all(attempts);
    const statuses = answers.map((r) => r.statusCode);
    const tally = Object.fromEntries([...new Set(statuses)].map((s) => [s, statuses.filter((x) => x === s).length]));
    assert.deepEqual(tally, { 201: 1, 409: 49 });
    const winner = answers.find((r) => r.statusCode === 201)!.json().id;
    for (const loser of answers.filter((r) => r.statusCode === 409)) {
      assert.deepEqual(
        loser.json().error.details.clashes.map((c: { fill_id: string }) => c.fill_id),
        [winner],
      );
    }
    const rows = await rowsOf<{ fill_id: string }>(
      h.database.db,
      sql`SELECT fill_id FROM fill_assignments WHERE worker_id = 'f-race' AND active`,
    );
    assert.deepEqual(rows, [{ fill_id: winner }]);
    const [{ n }] = await rowsOf<{ n: number }>(h.database.db, sql`SELECT count(*)::int AS n FROM fills WHERE ref LIKE 'race-%'`);
    assert.equal(n, 1, 'the losers left no fill rows');
    process.stderr.write(`# concurrency outcome: ${JSON.stringify(tally)}\n`);
  });
});
