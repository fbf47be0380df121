import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { openDatabase } from '../../src/db/open.ts';
import { buildApp } from '../../src/http/app.ts';
import { workerFixture } from '../support/backends.ts';
import { describeEachBackendLogged, logCapture } from '../support/logs.ts';

const EMAIL = 'jane.doe@example.org';
const PHONE = '+12145550199';
const PHONE_DISPLAY = '(214) 555-0199';
const SSN = '123-45-6789';
const CARD = '4111 1111 1111 1111';
/** Any of these in a log line is a leak, in whatever shape the value was sent. */
const NEEDLES = ['jane.doe', 'example.org', '2145550199', '555-0199', SSN, '123456789', '4111 1111', '4111111111111111'];
const PROSE = `Reach ${EMAIL} or ${PHONE_DISPLAY}; SSN ${SSN}; card ${CARD}`;

function assertNoPii(text: string) {
  for (const needle of NEEDLES) {
    const at = text.indexOf(needle);
    assert.equal(at, -1, `"${needle}" found in the logs: ...${text.slice(Math.max(0, at - 200), at + 100)}...`);
  }
}

const json = { 'content-type': 'application/json' };

/** Requests that carry the PII in bodies, query strings and paths, answered 2xx, 4xx and 5xx. */
const piiRequests: InjectOptions[] = [
  {
    method: 'POST',
    url: '/v1/workers/batch',
    payload: { workers: [workerFixture('pii-1', { email: EMAIL, phone: PHONE, summary: PROSE })] },
  },
  { method: 'PUT', url: '/v1/workers/pii-2', payload: { ...workerFixture('pii-2'), email: `${EMAIL} ${SSN}`, id: undefined } },
  { method: 'GET', url: `/v1/workers?city=${encodeURIComponent(EMAIL)}&role=${SSN}` },
  { method: 'GET', url: `/v1/workers?email=${encodeURIComponent(EMAIL)}&phone=${encodeURIComponent(PHONE)}` },
  { method: 'GET', url: `/v1/workers/${SSN}` },
  { method: 'GET', url: `/v1/nothing/${encodeURIComponent(EMAIL)}?ssn=${SSN}` },
  { method: 'POST', url: '/v1/matrix/search', payload: { query: PROSE, k: 3 } },
  { method: 'POST', url: '/v1/matrix/search', payload: { query: PROSE, k: EMAIL } },
  { method: 'POST', url: '/v1/matrix/search', headers: json, payload: `{"query": "${EMAIL} ${SSN} ${CARD}` },
  { method: 'POST', url: '/v1/matrix/search', headers: { 'content-type': 'text/plain' }, payload: PROSE },
  { method: 'POST', url: '/v1/validate/email', payload: { worker_id: 'pii-1', to: EMAIL, subject: `SSN ${SSN}`, body: PROSE } },
  { method: 'POST', url: '/v1/validate/sms', payload: { worker_id: 'pii-1', to: PHONE_DISPLAY, body: PROSE } },
  { method: 'POST', url: '/v1/matrix/playbooks/record', payload: { query: PROSE, worker_ids: [SSN] } },
  {
    method: 'POST',
    url: '/v1/fills',
    payload: {
      order: {
        ref: PROSE.slice(0, 100),
        city: 'Dallas',
        state: 'TX',
        role: 'Forklift Operator',
        headcount: 1,
        shift_start: '2031-05-01T08:00:00Z',
        shift_end: '2031-05-01T16:00:00Z',
      },
      worker_ids: [SSN],
    },
  },
];

describeEachBackendLogged('logs', (h) => {
  test('requests full of PII, answered 2xx and 4xx, leave none of it in the logs', async () => {
    const statuses = [];
    for (const opts of piiRequests) statuses.push((await h.app.inject(opts)).statusCode);
    for (const status of [200, 400, 404, 415, 422]) assert.ok(statuses.includes(status), `${status} among ${statuses.join(',')}`);
    assert.match(h.logText(), /request completed/);
    assertNoPii(h.logText());
  });

  test('request lines name the method and route pattern, response lines the status: no URL, headers or body', () => {
    const lines = h.logLines();
    const requests = lines.filter((l) => l.req);
    const responses = lines.filter((l) => l.res);
    assert.ok(requests.length >= piiRequests.length && responses.length >= piiRequests.length);
    for (const l of requests) assert.deepEqual(Object.keys(l.req as object).sort(), ['method', 'route']);
    for (const l of responses) assert.deepEqual(Object.keys(l.res as object), ['status']);
    assert.ok(requests.some((l) => (l.req as { route: string }).route === '/v1/workers/:id'));
    assert.ok(requests.some((l) => (l.req as { route: string }).route === 'unmatched'));
  });

  test('an error object logged with driver details keeps its kind and code, not its parameters', () => {
    const driverError = Object.assign(new Error(`Failed query: insert into "workers" values ($1, $2)\nparams: ${EMAIL},${PHONE}`), {
      code: '23505',
      detail: `Key (email)=(${EMAIL}) already exists.`,
      params: [EMAIL, PHONE],
    });
    h.app.log.error({ err: driverError }, 'write failed');
    const line = h.logLines().find((l) => l.msg === 'write failed');
    assert.deepEqual(line?.err, { type: 'Error', code: '23505', message: 'Failed query: insert into "workers" values ($1, $2)' });
    assertNoPii(h.logText());
  });

  test('x-request-id is the request id on its log lines; without it each request gets a UUID', async () => {
    await h.app.inject({ url: '/v1/workers?limit=1', headers: { 'x-request-id': 'trace-abc-123' } });
    await h.app.inject({ url: '/v1/workers?limit=1' });
    const lines = h.logLines();
    const traced = lines.filter((l) => l.reqId === 'trace-abc-123');
    assert.deepEqual(
      traced.map((l) => l.msg),
      ['incoming request', 'request completed'],
    );
    const last = lines.filter((l) => l.req).at(-1)!;
    assert.match(String(last.reqId), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  test('with the database gone, the 5xx answers and their error lines carry no PII', async () => {
    const capture = logCapture();
    const database =
      h.backend === 'pglite' ? await openDatabase({ dataDir: 'memory://' }) : await openDatabase({ databaseUrl: h.url, dataDir: 'unused' });
    if (h.backend === 'pglite') await migrateDatabase(database);
    const app = await buildApp({ config: h.config, database, embedder: h.embedder, logStream: capture.stream });
    try {
      await database.close();
      for (const opts of piiRequests) await app.inject(opts);
      const failed = await app.inject({
        method: 'POST',
        url: '/v1/workers/batch',
        payload: { workers: [workerFixture('pii-3', { email: EMAIL, phone: PHONE, summary: PROSE })] },
      });
      assert.ok(failed.statusCode >= 500, `${failed.statusCode} ${failed.body}`);
      const errorLines = capture
        .text()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
        .filter((l) => l.level >= 40 && l.err);
      assert.ok(errorLines.length > 0, 'the failures were logged');
      assertNoPii(capture.text());
    } finally {
      await app.close().catch(() => {});
    }
  });
});
