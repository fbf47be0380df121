import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { InjectOptions } from 'fastify';
import { describeEachBackend, workerFixture } from '../support/backends.ts';
import { describeEachBackendLogged } from '../support/logs.ts';

const COORDINATOR = 'coordkey123';
const OPERATOR = 'operkey456';
const KEYS = { API_KEYS: `coordinator:${COORDINATOR},operator:${OPERATOR}` };
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

const SHIFT = { shift_start: '2031-03-01T08:00:00Z', shift_end: '2031-03-01T16:00:00Z' };
const order = { city: 'Dallas', state: 'TX', role: 'Forklift Operator', headcount: 1 };

/** Routes only an operator may call; each would change or reveal something if it got through. */
const operatorOnly = (playbookId: string): InjectOptions[] => [
  { method: 'POST', url: '/v1/workers/batch', payload: { workers: [workerFixture('auth-x')] } },
  { method: 'PUT', url: '/v1/workers/auth-1', payload: { ...workerFixture('auth-1'), name: 'Changed Name' } },
  { method: 'DELETE', url: '/v1/workers/auth-1' },
  { method: 'DELETE', url: `/v1/matrix/playbooks/${playbookId}` },
  { method: 'GET', url: '/v1/admin/stats' },
  { method: 'GET', url: '/metrics' },
];

describeEachBackend(
  'auth with API_KEYS',
  (h) => {
    const call = (opts: InjectOptions, key?: string) =>
      h.app.inject({ ...opts, headers: { ...opts.headers, ...(key ? bearer(key) : {}) } });
    let playbookId = '';

    test('no key: 401 with the error body and WWW-Authenticate on every data route', async () => {
      for (const opts of [
        { method: 'POST', url: '/v1/matrix/search', payload: { query: 'forklift' } },
        { method: 'GET', url: '/v1/workers' },
        ...operatorOnly('00000000-0000-4000-8000-000000000000'),
      ] as InjectOptions[]) {
        const res = await call(opts);
        assert.equal(res.statusCode, 401, `${opts.method} ${opts.url}`);
        assert.equal(res.headers['www-authenticate'], 'Bearer');
        assert.equal(res.json().error.code, 'unauthorized');
      }
    });

    test('a wrong, truncated or non-Bearer key is 401', async () => {
      for (const authorization of [
        'Bearer wrongkey999',
        `Bearer ${OPERATOR.slice(0, -1)}`,
        `Bearer ${OPERATOR}x`,
        `Basic ${OPERATOR}`,
        OPERATOR,
        'Bearer ',
      ]) {
        const res = await h.app.inject({ url: '/v1/workers', headers: { authorization } });
        assert.equal(res.statusCode, 401, authorization);
        assert.equal(res.json().error.code, 'unauthorized');
      }
    });

    // A fixture, not a test: the tests below read these workers, and each still runs alone (--test-name-pattern).
    before(async () => {
      const res = await call(
        { method: 'POST', url: '/v1/workers/batch', payload: { workers: [workerFixture('auth-1'), workerFixture('auth-2')] } },
        OPERATOR,
      );
      assert.equal(res.statusCode, 200, res.body);
    });

    test('coordinator: search, validate, record and list playbooks, read workers, book and read fills', async () => {
      const ok = async (opts: InjectOptions, status = 200) => {
        const res = await call(opts, COORDINATOR);
        assert.equal(res.statusCode, status, `${opts.method} ${opts.url}: ${res.body}`);
        return res.json();
      };
      await ok({ method: 'POST', url: '/v1/matrix/search', payload: { query: 'forklift operator dallas' } });
      await ok({
        method: 'POST',
        url: '/v1/validate/email',
        payload: { worker_id: 'auth-1', to: 'auth-1@example.com', subject: 'Shift', body: 'Hi Maria, a night shift is open.' },
      });
      await ok({
        method: 'POST',
        url: '/v1/validate/sms',
        payload: { worker_id: 'auth-1', to: '+12145550100', body: 'Shift open tonight. Reply STOP to opt out.' },
      });
      await ok({ method: 'POST', url: '/v1/validate/fill', payload: { order, worker_ids: ['auth-1'] } });
      playbookId = (
        await ok({ method: 'POST', url: '/v1/matrix/playbooks/record', payload: { query: 'forklift dallas', worker_ids: ['auth-1'] } }, 201)
      ).id;
      assert.ok((await ok({ method: 'GET', url: '/v1/matrix/playbooks' })).playbooks.length >= 1);
      await ok({ method: 'GET', url: '/v1/workers?state=TX' });
      await ok({ method: 'GET', url: '/v1/workers/auth-1' });
      const fill = await ok({ method: 'POST', url: '/v1/fills', payload: { order: { ...order, ...SHIFT }, worker_ids: ['auth-2'] } }, 201);
      await ok({ method: 'GET', url: `/v1/fills/${fill.id}` });
    });

    test('coordinator on operator routes: 403 naming the role, and nothing changes', async () => {
      for (const opts of operatorOnly(playbookId)) {
        const res = await call(opts, COORDINATOR);
        assert.equal(res.statusCode, 403, `${opts.method} ${opts.url}: ${res.body}`);
        assert.equal(res.json().error.code, 'forbidden');
        assert.match(res.json().error.message, /role coordinator/);
      }
      const worker = await call({ url: '/v1/workers/auth-1' }, COORDINATOR);
      assert.equal(worker.json().name, 'Maria Garcia');
      assert.equal((await call({ url: '/v1/workers/auth-x' }, COORDINATOR)).statusCode, 404);
      const playbooks = (await call({ url: '/v1/matrix/playbooks' }, COORDINATOR)).json().playbooks;
      assert.ok(playbooks.some((p: { id: string }) => p.id === playbookId));
    });

    test('operator: everything a coordinator may, plus worker writes, playbook deletes, admin and metrics', async () => {
      assert.equal((await call({ method: 'POST', url: '/v1/matrix/search', payload: { query: 'forklift' } }, OPERATOR)).statusCode, 200);
      assert.equal((await call({ url: '/v1/matrix/playbooks' }, OPERATOR)).statusCode, 200);
      const expected = [200, 200, 204, 204, 200, 200];
      const routes = operatorOnly(playbookId);
      for (const [i, opts] of routes.entries()) {
        const res = await call(opts, OPERATOR);
        assert.equal(res.statusCode, expected[i], `${opts.method} ${opts.url}: ${res.body}`);
      }
      assert.equal((await call({ url: '/v1/workers/auth-1' }, OPERATOR)).statusCode, 404);
    });

    test('/health, /ready and /docs need no key', async () => {
      for (const url of ['/health', '/ready', '/docs/json', '/docs']) {
        const res = await h.app.inject({ url });
        assert.ok(res.statusCode < 400, `${url}: ${res.statusCode}`);
      }
    });
  },
  KEYS,
);

describeEachBackendLogged('auth without API_KEYS', (h) => {
  test('every route is open, operator routes included', async () => {
    assert.equal(
      (await h.app.inject({ method: 'POST', url: '/v1/workers/batch', payload: { workers: [workerFixture('open-1')] } })).statusCode,
      200,
    );
    assert.equal((await h.app.inject({ method: 'POST', url: '/v1/matrix/search', payload: { query: 'forklift' } })).statusCode, 200);
    assert.equal((await h.app.inject({ url: '/v1/admin/stats' })).statusCode, 200);
    assert.equal((await h.app.inject({ url: '/metrics' })).statusCode, 200);
    assert.equal((await h.app.inject({ method: 'DELETE', url: '/v1/workers/open-1' })).statusCode, 204);
  });

  test('a warning that the service is open was logged at start', () => {
    const warning = h.logLines().find((l) => l.level === 40 && /API_KEYS is not set/.test(String(l.msg)));
    assert.ok(warning, h.logText());
  });
});

describeEachBackendLogged(
  'keys in logs',
  (h) => {
    test('neither a valid nor a rejected key appears in the logs, even at debug level', async () => {
      for (const key of [COORDINATOR, OPERATOR, 'wrongkey999']) {
        await h.app.inject({ url: '/v1/workers?limit=1', headers: bearer(key) });
        await h.app.inject({ url: `/v1/workers/${key}`, headers: bearer(key) });
        await h.app.inject({ method: 'POST', url: '/v1/workers/batch', headers: bearer(key), payload: { workers: [workerFixture(key)] } });
      }
      const text = h.logText();
      assert.match(text, /request completed/, 'request lines were logged');
      for (const key of [COORDINATOR, OPERATOR, 'wrongkey999']) assert.ok(!text.includes(key), `${key} found in logs`);
    });
  },
  KEYS,
);

describeEachBackend(
  'failed authentication is limited per client address',
  (h) => {
    const list = (remoteAddress: string, key?: string) =>
      h.app.inject({ url: '/v1/workers?limit=1', remoteAddress, headers: key ? bearer(key) : {} });

    test('800 bad keys from one address: the first 30 are 401, the rest 429 with Retry-After', async () => {
      const statuses = new Map<number, number>();
      let retryAfter = 0;
      for (let i = 0; i < 800; i++) {
        const res = await list('10.9.0.1', `wrongkey-${i}-xxxxxxxx`);
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        if (res.statusCode === 429) {
          retryAfter = Number(res.headers['retry-after']);
          assert.equal(res.json().error.code, 'rate_limited');
        }
      }
      assert.deepEqual(Object.fromEntries(statuses), { 401: 30, 429: 770 });
      assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
    });

    test('a blocked address gets 429 even with a valid key (a guess is never confirmed); other addresses are unaffected', async () => {
      assert.equal((await list('10.9.0.1', OPERATOR)).statusCode, 429);
      assert.equal((await list('10.9.0.1')).statusCode, 429, 'missing keys too');
      assert.equal((await list('10.9.0.2', OPERATOR)).statusCode, 200);
      assert.equal((await list('10.9.0.2', 'wrongkey999')).statusCode, 401, 'each address has its own budget');
      assert.equal((await h.app.inject({ url: '/health', remoteAddress: '10.9.0.1' })).statusCode, 200, 'public routes still answer');
    });

    test('good keys never count: 200 valid requests, then 30 bad ones are still 401 (RATE_LIMIT_PER_MINUTE=0 leaves this limit on)', async () => {
      for (let i = 0; i < 200; i++) assert.equal((await list('10.9.0.3', COORDINATOR)).statusCode, 200);
      for (let i = 0; i < 30; i++) assert.equal((await list('10.9.0.3', 'wrongkey999')).statusCode, 401, `bad key #${i + 1}`);
      assert.equal((await list('10.9.0.3', COORDINATOR)).statusCode, 429);
    });
  },
  { ...KEYS, RATE_LIMIT_PER_MINUTE: '0', SHED_EVENT_LOOP_DELAY_MS: '0', SHED_DB_WAITING: '0' },
);

describeEachBackend(
  'AUTH_FAILURES_PER_MINUTE=0',
  (h) => {
    test('turns the failed-authentication limit off', async () => {
      for (let i = 0; i < 100; i++)
        assert.equal((await h.app.inject({ url: '/v1/workers', headers: bearer('wrongkey999') })).statusCode, 401);
    });
  },
  { ...KEYS, AUTH_FAILURES_PER_MINUTE: '0', SHED_EVENT_LOOP_DELAY_MS: '0' },
);
