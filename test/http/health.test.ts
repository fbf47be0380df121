import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeEachBackend } from '../support/backends.ts';

describeEachBackend('health, readiness, docs', (h) => {
  test('/health is 200 and /ready reports every check', async () => {
    assert.deepEqual((await h.app.inject({ url: '/health' })).json(), { status: 'ok' });
    const ready = await h.app.inject({ url: '/ready' });
    assert.equal(ready.statusCode, 200, ready.body);
    assert.deepEqual(ready.json(), { ready: true, checks: { database: { ok: true }, migrations: { ok: true }, embedder: { ok: true } } });
  });

  test('/docs/json is an OpenAPI document built from the zod schemas', async () => {
    const doc = (await h.app.inject({ url: '/docs/json' })).json();
    assert.equal(doc.openapi.slice(0, 2), '3.');
    const batch = doc.paths['/v1/workers/batch'].post;
    const schema = batch.requestBody.content['application/json'].schema;
    assert.ok(schema.properties.workers.items.properties.email, 'worker email documented');
    assert.equal(schema.properties.workers.maxItems, 1000);
    assert.equal((await h.app.inject({ url: '/docs' })).statusCode < 400, true);
  });

  test('an unknown route is a 404 with the error body', async () => {
    const res = await h.app.inject({ url: '/v1/nothing' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'route_not_found');
  });
});
