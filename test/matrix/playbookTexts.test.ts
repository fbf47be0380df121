import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rowsOf, sqlStateOf } from '../../src/db/open.ts';
import { PLAYBOOKS_PER_TEXT } from '../../src/matrix/playbooks.ts';
import { describeEachBackend, workerFixture } from '../support/backends.ts';

const SEARCH = '/v1/matrix/search';
const RECORD = '/v1/matrix/playbooks/record';

describeEachBackend('playbook graph: one node per request text', (h) => {
  const texts = async () =>
    (
      await rowsOf<{ query_key: string; query: string }>(h.database.db, sql`SELECT query_key, query FROM playbook_texts ORDER BY query_key`)
    ).map((r) => [r.query_key, r.query]);
  const record = async (query: string, worker_ids: string[], outcome?: string) => {
    const res = await h.app.inject({ method: 'POST', url: RECORD, payload: { query, worker_ids, ...(outcome && { outcome }) } });
    assert.equal(res.statusCode, 201, res.body);
    return res.json().id as string;
  };
  const boosts = async (query: string) => {
    const res = await h.app.inject({ method: 'POST', url: SEARCH, payload: { query, k: 10, use_playbook: true } });
    assert.equal(res.statusCode, 200, res.body);
    return Object.fromEntries(
      res
        .json()
        .results.filter((r: { playbook_boost: number }) => r.playbook_boost > 0)
        .map((r: { id: string; playbook_boost: number }) => [r.id, r.playbook_boost]),
    );
  };

  test('records of one request share its text and vector; the newest lends the full boost, older ones less', async () => {
    const workers = ['t-1', 't-2', 't-3', 't-4'].map((id) => workerFixture(id));
    assert.equal((await h.app.inject({ method: 'POST', url: '/v1/workers/batch', payload: { workers } })).statusCode, 200);
    await record('Forklift Operator Dallas nights', ['t-1']);
    await record('  forklift operator   DALLAS nights ', ['t-2']);
    await record('forklift operator dallas nights', ['t-3']);
    assert.deepEqual(
      await texts(),
      [['forklift operator dallas nights', 'Forklift Operator Dallas nights']],
      'one text, as first recorded',
    );

    const lent = await boosts('forklift operator dallas nights');
    assert.equal(lent['t-3'], 1, 'the newest record of the very request');
    assert.equal(lent['t-2'], 0.25);
    assert.equal(lent['t-1'], 0.0625);
    assert.equal(lent['t-4'], undefined);
  });

  test('a text whose playbooks are gone or declined lends nothing, and is reused when recorded again', async () => {
    const id = await record('reach truck driver houston', ['t-1']);
    await record('reach truck driver houston', ['t-2'], 'declined');
    assert.equal((await h.app.inject({ method: 'DELETE', url: `/v1/matrix/playbooks/${id}` })).statusCode, 204);
    assert.deepEqual(await boosts('reach truck driver houston'), {});
    const before = (await texts()).length;
    await record('Reach truck driver Houston', ['t-4']);
    assert.equal((await texts()).length, before, 'no second node for the same request');
    assert.deepEqual(await boosts('reach truck driver houston'), { 't-4': 1 });
  });

  test('a request lends its newest PLAYBOOKS_PER_TEXT records; older ones are not drawn', async () => {
    const ids = ['u-1', 'u-2', 'u-3', 'u-4', 'u-5', 'u-6'];
    const workers = ids.map((id) => workerFixture(id));
    assert.equal((await h.app.inject({ method: 'POST', url: '/v1/workers/batch', payload: { workers } })).statusCode, 200);
    for (const id of ids) await record('welder tulsa weekends', [id]);
    const lent = await boosts('welder tulsa weekends');
    assert.deepEqual(Object.keys(lent).sort(), ['u-3', 'u-4', 'u-5', 'u-6'].slice(-PLAYBOOKS_PER_TEXT));
    assert.equal(lent['u-6'], 1);
  });

  test('a playbook names an existing request text (foreign key)', async () => {
    await assert.rejects(
      rowsOf(h.database.db, sql`INSERT INTO playbooks (query, query_key, worker_ids) VALUES ('x', 'no such text', '{t-1}')`),
      (err) => sqlStateOf(err) === '23503',
    );
  });
});
