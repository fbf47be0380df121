import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import fc from 'fast-check';
import { describeEachBackend } from '../support/backends.ts';
import { problemOf } from './battery.ts';
import { hostileString, MEGABYTE } from './cases.ts';

const COORDINATOR = 'coord-key-0123456789';
const OPERATOR = 'oper-key-0123456789';

const AUTHORIZATION = [
  '',
  'Bearer',
  'Bearer ',
  'Bearer  ',
  'bearer',
  `Basic ${Buffer.from(`x:${OPERATOR}`).toString('base64')}`,
  `Token ${OPERATOR}`,
  `Bearer ${OPERATOR.slice(0, -1)}`,
  `Bearer ${OPERATOR}x`,
  `Bearer ${OPERATOR} ${OPERATOR}`,
  `Bearer ${OPERATOR},${COORDINATOR}`,
  `Bearer ${OPERATOR}\u0000`,
  `Bearer \u0000${OPERATOR}`,
  `Bearer ${OPERATOR.toUpperCase()}`,
  `Bearer ${MEGABYTE.slice(0, 100_000)}`,
  "Bearer ' OR '1'='1",
  'Bearer operator',
  'Bearer null',
  'Bearer undefined',
  `Bearer ${'\ud800'.repeat(10)}`,
  'Bearer 😀😀😀😀😀😀😀😀',
];

const ROUTES = [
  { method: 'GET', url: '/v1/workers' },
  { method: 'DELETE', url: '/v1/workers/h-1' },
  { method: 'POST', url: '/v1/matrix/search', payload: { query: 'forklift' } },
  { method: 'DELETE', url: '/v1/matrix/playbooks/00000000-0000-4000-8000-000000000000' },
] as const;

describeEachBackend(
  'hostile Authorization headers',
  (h) => {
    test('wrong, malformed and oversized keys are a 401 with the error body; a coordinator is refused operator routes with 403', async (t: TestContext) => {
      let tried = 0;
      const check = async (authorization: string, expected: number[]) => {
        for (const route of ROUTES) {
          tried++;
          const res = await h.app.inject({ ...route, headers: { authorization } });
          assert.equal(problemOf(res), undefined, `${route.method} ${route.url} with ${JSON.stringify(authorization.slice(0, 60))}`);
          assert.ok(
            expected.includes(res.statusCode),
            `${route.method} ${route.url} with ${JSON.stringify(authorization.slice(0, 60))}: ${res.statusCode} ${res.body}`,
          );
        }
      };
      for (const authorization of AUTHORIZATION) await check(authorization, [401]);
      await fc.assert(
        fc.asyncProperty(hostileString, async (s) => {
          await check(`Bearer ${s}`, [401]);
          return true;
        }),
        { numRuns: 100, seed: 7 },
      );

      const coordinator = await h.app.inject({
        method: 'DELETE',
        url: '/v1/workers/h-1',
        headers: { authorization: `Bearer ${COORDINATOR}` },
      });
      assert.equal(coordinator.statusCode, 403, coordinator.body);
      assert.equal(coordinator.json().error.code, 'forbidden');
      const operator = await h.app.inject({ method: 'DELETE', url: '/v1/workers/h-1', headers: { authorization: `bearer   ${OPERATOR}` } });
      assert.equal(operator.statusCode, 404, 'a valid key gets through to the route');
      t.diagnostic(`authorization cases tried: ${tried}, 5xx seen: 0`);
    });
  },
  {
    API_KEYS: `coordinator:${COORDINATOR},operator:${OPERATOR}`,
    RATE_LIMIT_PER_MINUTE: '0',
    AUTH_FAILURES_PER_MINUTE: '0',
    SHED_EVENT_LOOP_DELAY_MS: '0',
    SHED_DB_WAITING: '0',
  },
);
