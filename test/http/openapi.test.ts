import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describeEachBackend, workerFixture } from '../support/backends.ts';

interface Media {
  schema?: object;
  example?: unknown;
}
interface Op {
  operationId?: string;
  summary?: string;
  security?: unknown[];
  parameters?: Array<{ name?: string; in?: string; example?: unknown; $ref?: string }>;
  requestBody?: { content: Record<string, Media> };
  responses: Record<string, { content?: Record<string, Media>; headers?: Record<string, unknown> }>;
}
interface Doc {
  paths: Record<string, Record<string, Op>>;
  security?: unknown[];
  components: { parameters: Record<string, { name: string; in: string }>; headers: Record<string, object> };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describeEachBackend(
  'OpenAPI document and HTTP conventions',
  (h) => {
    let doc: Doc;
    const operations = () =>
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => ({ name: `${method.toUpperCase()} ${path}`, path, op })),
      );

    // A fixture, not a test: the tests below read it, and each still runs alone (--test-name-pattern).
    before(async () => {
      const res = await h.app.inject({ url: '/docs/json' });
      assert.equal(res.statusCode, 200);
      doc = res.json();
      assert.ok(operations().length >= 20, `${operations().length} operations`);
      assert.equal(
        (
          await h.app.inject({
            method: 'POST',
            url: '/v1/workers/batch',
            payload: { workers: [workerFixture('o-1'), workerFixture('o-2')] },
          })
        ).statusCode,
        200,
      );
    });

    test('every operation has a summary, a unique operationId, and request and response examples', () => {
      const ids = new Set<string>();
      for (const { name, op } of operations()) {
        assert.ok(op.summary && op.summary.length > 10, `${name}: summary`);
        assert.ok(op.operationId && /^[a-z][A-Za-z]+$/.test(op.operationId), `${name}: operationId`);
        assert.ok(!ids.has(op.operationId), `${name}: operationId ${op.operationId} is used twice`);
        ids.add(op.operationId);
        if (op.requestBody)
          assert.notEqual(op.requestBody.content['application/json']?.example, undefined, `${name}: request body example`);
        for (const p of op.parameters ?? []) {
          if (p.$ref) continue;
          assert.notEqual(p.example, undefined, `${name}: example for ${p.in} parameter ${p.name}`);
        }
        const success = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
        assert.ok(success.length, `${name}: a success response`);
        for (const [status, response] of success) {
          if (status === '204') {
            assert.equal(response.content, undefined, `${name}: 204 has no body`);
            continue;
          }
          assert.ok(
            response.content && Object.values(response.content).every((m) => m.example !== undefined),
            `${name}: ${status} example`,
          );
        }
      }
    });

    test('every example is valid against its own schema', () => {
      const ajv = new Ajv({ strict: false, allErrors: true });
      addFormats.default(ajv);
      // Ajv reads OpenAPI 3.0's `nullable` itself; its boolean exclusiveMinimum/Maximum (draft 4) become draft 7's numbers.
      const draft7 = (s: unknown): unknown => {
        if (Array.isArray(s)) return s.map(draft7);
        if (!s || typeof s !== 'object') return s;
        const out = Object.fromEntries(Object.entries(s).map(([k, v]) => [k, draft7(v)]));
        for (const [flag, bound] of [
          ['exclusiveMinimum', 'minimum'],
          ['exclusiveMaximum', 'maximum'],
        ]) {
          if (out[flag] === true) {
            out[flag] = out[bound];
            delete out[bound];
          } else if (out[flag] === false) delete out[flag];
        }
        return out;
      };
      const check = (where: string, media?: Media) => {
        if (!media?.schema || media.example === undefined) return;
        const validate = ajv.compile(draft7(media.schema) as object);
        assert.ok(validate(media.example), `${where}: ${JSON.stringify(validate.errors)}`);
      };
      for (const { name, op } of operations()) {
        check(`${name} request`, op.requestBody?.content['application/json']);
        for (const [status, response] of Object.entries(op.responses)) {
          if (status.startsWith('2')) check(`${name} ${status}`, response.content?.['application/json']);
        }
      }
    });

    test('health and readiness need no key; everything else does; Idempotency-Key, Retry-After, Location and rate-limit headers are documented', () => {
      assert.deepEqual(doc.security, [{ bearer: [] }]);
      for (const { name, path, op } of operations()) {
        if (path === '/health' || path === '/ready') assert.deepEqual(op.security, [], `${name} is public`);
        else assert.equal(op.security, undefined, `${name} inherits the bearer requirement`);
        const refs = (op.parameters ?? []).map((p) => p.$ref).filter(Boolean);
        assert.ok(refs.includes('#/components/parameters/RequestId'), `${name}: x-request-id`);
        const idempotent = name === 'POST /v1/fills' || name === 'POST /v1/matrix/playbooks/record';
        assert.equal(refs.includes('#/components/parameters/IdempotencyKey'), idempotent, `${name}: Idempotency-Key`);
        for (const [status, response] of Object.entries(op.responses)) {
          const headers = Object.keys(response.headers ?? {});
          assert.ok(headers.includes('x-request-id'), `${name} ${status}: x-request-id`);
          if (status === '201') assert.ok(headers.includes('Location'), `${name} 201: Location`);
          if (status === '429' || status === '503') assert.ok(headers.includes('Retry-After'), `${name} ${status}: Retry-After`);
          if (path.startsWith('/v1/')) assert.ok(headers.includes('x-ratelimit-remaining'), `${name} ${status}: rate-limit headers`);
        }
      }
      assert.equal(doc.components.parameters.IdempotencyKey.name, 'Idempotency-Key');
      for (const name of ['RetryAfter', 'RateLimitLimit', 'RateLimitRemaining', 'RateLimitReset', 'Location', 'RequestId'])
        assert.ok(doc.components.headers[name], name);
    });

    test('a known path with an unsupported method is 405 with Allow; an unknown path stays 404', async () => {
      const cases: Array<[string, string, string]> = [
        ['DELETE', '/v1/workers', 'GET, HEAD'],
        ['PATCH', '/v1/workers/o-1', 'GET, HEAD, PUT, DELETE'],
        ['GET', '/v1/fills', 'POST'],
        ['PUT', '/v1/matrix/search', 'POST'],
        ['POST', '/health', 'GET, HEAD'],
      ];
      for (const [method, url, allow] of cases) {
        const res = await h.app.inject({ method: method as 'GET', url });
        assert.equal(res.statusCode, 405, `${method} ${url}`);
        assert.equal(res.headers.allow, allow, `${method} ${url}`);
        assert.equal(res.json().error.code, 'method_not_allowed');
      }
      const missing = await h.app.inject({ method: 'GET', url: '/v1/nothing-here' });
      assert.equal(missing.statusCode, 404);
      assert.equal(missing.headers.allow, undefined);
    });

    test('201 answers carry Location, replays too, and it names a readable resource', async () => {
      const payload = {
        order: {
          city: 'Dallas',
          state: 'TX',
          role: 'Forklift Operator',
          headcount: 1,
          shift_start: '2032-01-01T08:00:00Z',
          shift_end: '2032-01-01T16:00:00Z',
        },
        worker_ids: ['o-1'],
      };
      const booked = await h.app.inject({ method: 'POST', url: '/v1/fills', payload, headers: { 'idempotency-key': 'loc-1' } });
      assert.equal(booked.statusCode, 201);
      assert.equal(booked.headers.location, `/v1/fills/${booked.json().id}`);
      const replay = await h.app.inject({ method: 'POST', url: '/v1/fills', payload, headers: { 'idempotency-key': 'loc-1' } });
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.equal(replay.headers.location, booked.headers.location);
      assert.equal((await h.app.inject({ url: booked.headers.location as string })).json().id, booked.json().id);

      const recorded = await h.app.inject({
        method: 'POST',
        url: '/v1/matrix/playbooks/record',
        payload: { query: 'located', worker_ids: ['o-2'] },
      });
      assert.equal(recorded.statusCode, 201);
      assert.equal(recorded.headers.location, `/v1/matrix/playbooks/${recorded.json().id}`);
      const got = await h.app.inject({ url: recorded.headers.location as string });
      assert.equal(got.statusCode, 200);
      assert.deepEqual(
        { id: got.json().id, query: got.json().query, worker_ids: got.json().worker_ids },
        { id: recorded.json().id, query: 'located', worker_ids: ['o-2'] },
      );
    });

    test('x-request-id: a sane one is echoed, anything else is replaced by a generated id, on every answer', async () => {
      const sane = 'trace-01HZX3K9:abc.def/42';
      for (const url of ['/health', '/v1/workers/o-1', '/v1/nothing-here']) {
        const res = await h.app.inject({ url, headers: { 'x-request-id': sane } });
        assert.equal(res.headers['x-request-id'], sane, url);
      }
      for (const bad of ['has space', 'x'.repeat(129), 'semi;colon', 'quote"d']) {
        const res = await h.app.inject({ url: '/health', headers: { 'x-request-id': bad } });
        assert.match(String(res.headers['x-request-id']), UUID, JSON.stringify(bad));
      }
      const none = await h.app.inject({ url: '/v1/workers/o-1' });
      assert.match(String(none.headers['x-request-id']), UUID);
      const refused = await h.app.inject({ method: 'DELETE', url: '/v1/workers', headers: { 'x-request-id': sane } });
      assert.equal(refused.headers['x-request-id'], sane);
    });
  },
  { RATE_LIMIT_PER_MINUTE: '1000' },
);
