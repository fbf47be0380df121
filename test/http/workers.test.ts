import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachBackend, workerFixture } from '../support/backends.ts';

describeEachBackend('workers routes', (h) => {
  const post = (payload: unknown) => h.app.inject({ method: 'POST', url: '/v1/workers/batch', payload: payload as object });

  test('batch upsert embeds and stores; GET returns the stored worker without its vector', async () => {
    const res = await post({ workers: [workerFixture('w-1'), workerFixture('w-2', { city: 'Houston', state: 'tx' })] });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { upserted: 2 });
    const got = await h.app.inject({ url: '/v1/workers/w-2' });
    assert.equal(got.statusCode, 200);
    const w = got.json();
    assert.equal(w.state, 'TX');
    assert.equal(w.city, 'Houston');
    assert.match(w.profile, /^Forklift Operator in Houston, TX\./);
    assert.equal(w.embedding, undefined);
  });

  test('upsert replaces fields and keeps created_at', async () => {
    const before = (await h.app.inject({ url: '/v1/workers/w-1' })).json();
    const put = await h.app.inject({
      method: 'PUT',
      url: '/v1/workers/w-1',
      payload: { ...workerFixture('w-1'), rating: 3.1, id: undefined },
    });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().rating, 3.1);
    assert.equal(put.json().created_at, before.created_at);
  });

  test('PUT with a body id that differs from the path is a 400 and writes nothing', async () => {
    const res = await h.app.inject({ method: 'PUT', url: '/v1/workers/w-1', payload: { ...workerFixture('w-9') } });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.code, 'invalid_request');
    assert.equal((await h.app.inject({ url: '/v1/workers/w-9' })).statusCode, 404);
  });

  test('schema errors are 400 naming each field, and nothing of the batch is written', async () => {
    const res = await post({ workers: [workerFixture('ok-1'), workerFixture('bad id!', { email: 'nope', rating: 7 })] });
    assert.equal(res.statusCode, 400);
    const body = res.json();
    assert.equal(body.error.code, 'invalid_request');
    const fields = body.error.details.map((d: { field: string }) => d.field).sort();
    assert.deepEqual(fields, ['workers[1].email', 'workers[1].id', 'workers[1].rating']);
    assert.equal((await h.app.inject({ url: '/v1/workers/ok-1' })).statusCode, 404);
  });

  test('duplicate ids in one batch, empty batch, over 1000 and unknown fields are 400', async () => {
    for (const payload of [
      { workers: [workerFixture('d-1'), workerFixture('d-1')] },
      { workers: [] },
      { workers: Array.from({ length: 1001 }, (_, i) => workerFixture(`x-${i}`)) },
      { workers: [{ ...workerFixture('u-1'), salary: 1 }] },
      { workers: [workerFixture('u-2')], extra: true },
    ]) {
      const res = await post(payload);
      assert.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 80));
      assert.equal(res.json().error.code, 'invalid_request');
    }
  });

  test('malformed JSON is 400, a wrong content type 415, a body over the limit 413', async () => {
    const bad = await h.app.inject({
      method: 'POST',
      url: '/v1/workers/batch',
      headers: { 'content-type': 'application/json' },
      payload: '{"workers": [',
    });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.json().error.message);
    const text = await h.app.inject({ method: 'POST', url: '/v1/workers/batch', headers: { 'content-type': 'text/plain' }, payload: 'hi' });
    assert.equal(text.statusCode, 415);
    assert.equal(text.json().error.code, 'unsupported_media_type');
    const big = await h.app.inject({
      method: 'POST',
      url: '/v1/workers/batch',
      headers: { 'content-type': 'application/json' },
      payload: `{"workers":[],"pad":"${'x'.repeat(6 * 1024 * 1024)}"}`,
    });
    assert.equal(big.statusCode, 413);
    assert.equal(big.json().error.code, 'body_too_large');
  });

  test('unknown id is 404 with the error body; bad id shape is 400', async () => {
    const res = await h.app.inject({ url: '/v1/workers/nobody' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'not_found');
    assert.equal((await h.app.inject({ url: '/v1/workers/a%20b' })).statusCode, 400);
    assert.equal((await h.app.inject({ method: 'DELETE', url: '/v1/workers/nobody' })).statusCode, 404);
  });

  test('list filters by state/city/role case-insensitively and pages with a cursor', async () => {
    const batch = Array.from({ length: 25 }, (_, i) =>
      workerFixture(`p-${String(i).padStart(2, '0')}`, { city: i % 2 ? 'Austin' : 'Dallas', role: i % 3 ? 'Picker' : 'Welder' }),
    );
    assert.equal((await post({ workers: batch })).statusCode, 200);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/v1/workers?state=tx&city=austin&role=picker&limit=4${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await h.app.inject({ url: q })).json();
      assert.ok(page.workers.length <= 4);
      for (const w of page.workers) {
        assert.equal(w.city, 'Austin');
        assert.equal(w.role, 'Picker');
        seen.push(w.id);
      }
      cursor = page.next_cursor;
    } while (cursor);
    const expected = batch
      .filter((w) => w.city === 'Austin' && w.role === 'Picker')
      .map((w) => w.id)
      .sort();
    assert.deepEqual(seen, expected);
    assert.equal((await h.app.inject({ url: '/v1/workers?limit=0' })).statusCode, 400);
    assert.equal((await h.app.inject({ url: '/v1/workers?state=Texas' })).statusCode, 400);
    assert.equal((await h.app.inject({ url: '/v1/workers?cursor=%27%3B--' })).statusCode, 400);
  });

  test('DELETE removes the worker', async () => {
    assert.equal((await h.app.inject({ method: 'DELETE', url: '/v1/workers/w-2' })).statusCode, 204);
    assert.equal((await h.app.inject({ url: '/v1/workers/w-2' })).statusCode, 404);
  });
});
