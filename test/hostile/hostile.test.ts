import type { LightMyRequestResponse } from 'fastify';
import assert from 'node:assert/strict';
import { before, test, type TestContext } from 'node:test';
import fc from 'fast-check';
import { describeEachBackend, type Harness, workerFixture } from '../support/backends.ts';
import {
  documentedRoutes,
  type HostileRequest,
  Ledger,
  percentEncode,
  problemOf,
  type Route,
  snapshot,
  unexplainedChanges,
  urlOf,
} from './battery.ts';
import {
  CONTENT_TYPES,
  FIELD_VALUES,
  hostileBody,
  hostileString,
  KEY_TRICKS,
  keyPaths,
  MEGABYTE,
  mutate,
  mutation,
  NASTY_STRINGS,
  NASTY_VALUES,
  RAW_BODIES,
  RAW_PATH_IDS,
  SAMPLES,
  type Sample,
} from './cases.ts';

const NUM_RUNS = Number(process.env.HOSTILE_RUNS ?? 200);
const SEED = Number(process.env.FC_SEED ?? 20240601);

const sampleOf = (route: Route): Sample => SAMPLES[route.key] ?? {};
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `key=value&...`; arrays repeat the key; anything not a string goes as its JSON text. */
function encodeQuery(query: unknown): string {
  if (query === null || typeof query !== 'object') return percentEncode(String(query));
  return Object.entries(query)
    .flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map(
        (x) => `${percentEncode(k)}=${percentEncode(typeof x === 'string' ? x : (JSON.stringify(x) ?? String(x)))}`,
      ),
    )
    .join('&');
}

/** The route's valid sample with some parts replaced. */
function request(route: Route, parts: Partial<Omit<HostileRequest, 'route'>> = {}): HostileRequest {
  const s = sampleOf(route);
  const payload =
    'payload' in parts ? parts.payload : WRITES.has(route.method) && route.method !== 'DELETE' ? JSON.stringify(s.body ?? {}) : undefined;
  return {
    route,
    id: parts.id ?? s.id,
    query: 'query' in parts ? parts.query : s.query && encodeQuery(s.query),
    payload,
    headers: parts.headers ?? (payload === undefined ? {} : { 'content-type': 'application/json' }),
  };
}

const contentType = fc.oneof(
  { weight: 5, arbitrary: fc.constant('application/json') },
  { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
);
const idArb = fc.oneof(
  hostileString.map(percentEncode),
  fc.uint8Array({ minLength: 1, maxLength: 80 }).map(percentEncode),
  fc.constantFrom(...RAW_PATH_IDS),
);
const queryValue = fc.oneof(hostileString, fc.array(hostileString, { maxLength: 3 }));
const queryKey = fc.oneof(hostileString, fc.constantFrom('limit', 'cursor', 'state', 'city', 'role', ...KEY_TRICKS));
// Raw query text with its structure (&, =, %) left as is, so malformed escapes reach the parser.
const rawQuery = fc
  .string({ unit: 'binary-ascii', maxLength: 80 })
  .map((s) => s.replace(/[^A-Za-z0-9&=%+._~[\]-]/g, (c) => percentEncode(c)));

/** The property-based families for one route: whole bodies, mutated samples, ids, query strings. */
function families(route: Route): Array<[string, fc.Arbitrary<HostileRequest>]> {
  const s = sampleOf(route);
  const out: Array<[string, fc.Arbitrary<HostileRequest>]> = [
    ['body', fc.tuple(hostileBody, contentType).map(([payload, ct]) => request(route, { payload, headers: { 'content-type': ct } }))],
    [
      'query',
      fc
        .oneof(
          mutation(s.query ?? {}).map((m) => encodeQuery(mutate(s.query ?? {}, m))),
          fc.dictionary(queryKey, queryValue, { maxKeys: 5 }).map(encodeQuery),
          rawQuery,
        )
        .map((query) => request(route, { query })),
    ],
  ];
  if (s.body !== undefined)
    out.push(['mutated body', mutation(s.body).map((m) => request(route, { payload: JSON.stringify(mutate(s.body, m)) ?? '' }))]);
  if (route.hasId) out.push(['id', idArb.map((id) => request(route, { id }))]);
  return out;
}

/** Every hand-written case for one route. */
function handWritten(route: Route): HostileRequest[] {
  const s = sampleOf(route);
  const json = (v: unknown) => JSON.stringify(v) ?? '';
  const takesBody = s.body !== undefined;
  const cases: HostileRequest[] = [
    ...(takesBody ? NASTY_VALUES : FIELD_VALUES).map((v) => request(route, { payload: json(v) })),
    ...(takesBody ? RAW_BODIES : RAW_BODIES.slice(0, 8)).map((payload) => request(route, { payload })),
    ...CONTENT_TYPES.map((ct) => request(route, { payload: json(s.body ?? {}), headers: { 'content-type': ct } })),
    request(route, { payload: json(s.body ?? {}), headers: {} }),
    request(route, { payload: 'workers=1&query=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    request(route, {
      payload: '--xyz\r\nContent-Disposition: form-data; name="query"\r\n\r\nx\r\n--xyz--\r\n',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    }),
    request(route, { payload: '', headers: { 'content-type': 'application/json' } }),
    request(route, { headers: { 'content-type': 'application/json', 'x-request-id': MEGABYTE.slice(0, 10_000) } }),
    request(route, { headers: { 'content-type': 'application/json', 'idempotency-key': MEGABYTE.slice(0, 10_000) } }),
    request(route, { headers: { 'content-type': 'application/json', 'idempotency-key': "'; DROP TABLE idempotency_keys;--" } }),
  ];
  if (s.body && typeof s.body === 'object') {
    const [first] = Object.keys(s.body);
    cases.push(request(route, { payload: `{${JSON.stringify(first)}: {"evil": 1}, ${json(s.body).slice(1)}` }));
    for (const path of keyPaths(s.body).filter((p) => p.length <= 3)) {
      cases.push(request(route, { payload: json(mutate(s.body, { op: 'delete', path })) }));
      for (const value of FIELD_VALUES) cases.push(request(route, { payload: json(mutate(s.body, { op: 'set', path, value })) }));
    }
    for (const key of KEY_TRICKS)
      cases.push(request(route, { payload: json(mutate(s.body, { op: 'unknown', key, value: { polluted: 1 } })) }));
  }
  if (route.hasId) {
    cases.push(...RAW_PATH_IDS.map((id) => request(route, { id })));
    cases.push(...NASTY_STRINGS.map((id) => request(route, { id: percentEncode(id) })));
  }
  for (const key of Object.keys(s.query ?? {})) {
    cases.push(...NASTY_STRINGS.map((v) => request(route, { query: encodeQuery({ ...s.query, [key]: v }) })));
  }
  cases.push(
    ...[
      'limit=1e309',
      'limit=-0',
      'limit=NaN',
      'limit=0x10',
      'limit=',
      'limit=1&limit=2',
      'state=TX&state=CA',
      'cursor=%FF%FE',
      '__proto__[polluted]=1',
      'constructor[prototype][polluted]=1',
      'a[b][c][d]=1',
      '%',
      '&&&',
      '=',
      'limit=%00',
      'limit=1%00',
    ].map((query) => request(route, { query })),
  );
  return cases;
}

function battery(h: Harness) {
  const ledger = new Ledger();
  const stats = { tried: 0, property: 0, handWritten: 0, fiveXx: 0, badBodies: 0, unsendable: 0 };
  /** One example per kind of problem (route, status, first words of the answer). */
  const problems = new Map<string, { count: number; example: string }>();
  const timePerRoute = new Map<string, { ms: number; n: number }>();
  const protoKeys = () =>
    [Object.prototype, Array.prototype, Function.prototype].map((p) => Object.getOwnPropertyNames(p).sort().join(','));
  const protoBefore = protoKeys();
  let routes: Route[];

  async function send(req: HostileRequest): Promise<void> {
    stats.tried++;
    const started = performance.now();
    let res: LightMyRequestResponse | undefined;
    try {
      res = await h.app.inject({ method: req.route.method as 'GET', url: urlOf(req), payload: req.payload, headers: req.headers });
    } catch {
      stats.unsendable++; // the request could not even be formed (e.g. an invalid header value)
      return;
    } finally {
      const spent = timePerRoute.get(req.route.key) ?? { ms: 0, n: 0 };
      timePerRoute.set(req.route.key, { ms: spent.ms + performance.now() - started, n: spent.n + 1 });
    }
    const problem = problemOf(res);
    if (res.statusCode >= 500) stats.fiveXx++;
    else if (problem) stats.badBodies++;
    if (problem) {
      const kind = `${req.route.key} -> ${problem.slice(0, 60)}`;
      const seen = problems.get(kind) ?? {
        count: 0,
        example: `${req.route.method} ${urlOf(req).slice(0, 120)} [${req.headers?.['content-type'] ?? 'no content-type'}] ${JSON.stringify(req.payload?.slice(0, 160))} -> ${problem}`,
      };
      seen.count++;
      problems.set(kind, seen);
    }
    ledger.record(req, res);
  }
  const report = () => [...problems.values()].map((p) => `${p.count}x ${p.example}`).join('\n');

  before(async () => {
    const seeded = await h.app.inject({
      method: 'POST',
      url: '/v1/workers/batch',
      payload: { workers: [workerFixture('h-1'), workerFixture('h-9')] },
    });
    assert.equal(seeded.statusCode, 200, seeded.body);
    routes = await documentedRoutes(h.app);
  });

  test('the battery reaches every documented route', () => {
    const keys = routes.map((r) => r.key);
    for (const key of [
      'GET /health',
      'GET /ready',
      'POST /v1/workers/batch',
      'PUT /v1/workers/{id}',
      'GET /v1/workers/{id}',
      'DELETE /v1/workers/{id}',
      'GET /v1/workers',
      'POST /v1/matrix/search',
      'POST /v1/matrix/playbooks/record',
      'GET /v1/matrix/playbooks',
      'DELETE /v1/matrix/playbooks/{id}',
    ]) {
      assert.ok(keys.includes(key), `${key} documented and attacked`);
    }
  });

  test('hand-written cases: never a 5xx, every 4xx has the error body, rejected writes change nothing', async (t: TestContext) => {
    problems.clear();
    const before = await snapshot(h.database.db);
    const start = stats.tried;
    for (const route of routes) for (const req of handWritten(route)) await send(req);
    stats.handWritten = stats.tried - start;
    assert.deepEqual(unexplainedChanges(before, await snapshot(h.database.db), ledger), []);
    t.diagnostic(`hand-written: ${stats.handWritten} cases over ${routes.length} routes; ${ledger.accepted} writes happened to be valid`);
    assert.equal(problems.size, 0, report());
  });

  test('property-based (fast-check) per route and family: never a 5xx, every 4xx has the error body', async (t: TestContext) => {
    problems.clear();
    const before = await snapshot(h.database.db);
    const start = stats.tried;
    for (const route of routes) {
      const routeFamilies = families(route);
      for (const [, arb] of routeFamilies) {
        // Failures are counted and shown together rather than stopping at the first.
        const numRuns = Math.ceil(NUM_RUNS / routeFamilies.length);
        await fc.assert(
          fc.asyncProperty(arb, async (req) => {
            await send(req);
            return true;
          }),
          { numRuns, seed: SEED },
        );
      }
    }
    stats.property = stats.tried - start;
    assert.deepEqual(unexplainedChanges(before, await snapshot(h.database.db), ledger), []);
    t.diagnostic(`property-based: ${stats.property} cases (seed ${SEED}, ${NUM_RUNS} runs per route, shared by its families)`);
    assert.equal(problems.size, 0, report());
  });

  test('no prototype was polluted, the tables survived, and injection text is stored as text', async (t: TestContext) => {
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual(protoKeys(), protoBefore);
    const name = "Robert'); DROP TABLE workers;--";
    const put = await h.app.inject({
      method: 'PUT',
      url: '/v1/workers/h-bobby',
      payload: { ...workerFixture('h-bobby'), id: undefined, name, summary: '1 OR 1=1 \u2028 𝕏 \ud83d\ude00' },
    });
    assert.equal(put.statusCode, 200, put.body);
    const got = (await h.app.inject({ url: '/v1/workers/h-bobby' })).json();
    assert.equal(got.name, name);
    assert.equal(got.summary, '1 OR 1=1 \u2028 𝕏 \ud83d\ude00');
    assert.equal((await h.app.inject({ url: '/v1/workers?limit=1' })).statusCode, 200);
    const slowest = [...timePerRoute].sort((a, b) => b[1].ms - a[1].ms).slice(0, Number(process.env.HOSTILE_SLOWEST ?? 5));
    t.diagnostic(`slowest routes: ${slowest.map(([k, { ms, n }]) => `${k} ${(ms / 1000).toFixed(1)} s / ${n}`).join(', ')}`);
    t.diagnostic(
      `cases tried: ${stats.tried} (hand-written ${stats.handWritten}, property-based ${stats.property}); 5xx seen: ${stats.fiveXx}; 4xx without the error body: ${stats.badBodies}; not sendable: ${stats.unsendable}; accepted writes: ${ledger.accepted}`,
    );
  });
}

// Rate limiting and load shedding would answer 429/503 before the routes see the input; they have their own tests.
describeEachBackend('hostile input', battery, { RATE_LIMIT_PER_MINUTE: '0', SHED_EVENT_LOOP_DELAY_MS: '0', SHED_DB_WAITING: '0' });
