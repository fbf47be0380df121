import assert from 'node:assert/strict';
import { after, before, describe, test, type TestContext } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type Database, openDatabase } from '../../src/db/open.ts';
import { ensureCorpusEmbedder } from '../../src/embed/corpus.ts';
import { createHashEmbedder } from '../../src/embed/hash.ts';
import { buildApp } from '../../src/http/app.ts';
import { openTestDatabase, testConfig, workerFixture } from '../support/backends.ts';
import { TcpProxy, viaPort } from './proxy.ts';

const url = process.env.TEST_DATABASE_URL;
const skip = url ? false : 'needs a PostgreSQL server: set TEST_DATABASE_URL (PGlite is in-process and cannot go down)';

const ANSWER_WITHIN_MS = 5_000;
const RECOVER_WITHIN_MS = 10_000;
const QUERY = 'forklift operator dallas nights';

let queryCounter = 0;
/** Each call a query no cache has seen, so the database must answer. */
const freshQuery = () => `${QUERY} variant ${++queryCounter}`;

type Probe = { name: string; send(app: FastifyInstance): Promise<LightMyRequestResponse> };

const DATA_ROUTES: Probe[] = [
  { name: 'GET /v1/workers', send: (app) => app.inject({ url: '/v1/workers?limit=5' }) },
  { name: 'GET /v1/workers/:id', send: (app) => app.inject({ url: '/v1/workers/o-1' }) },
  {
    name: 'POST /v1/matrix/search (new query)',
    send: (app) => app.inject({ method: 'POST', url: '/v1/matrix/search', payload: { query: freshQuery(), k: 3 } }),
  },
  {
    name: 'POST /v1/matrix/playbooks/record',
    send: (app) =>
      app.inject({ method: 'POST', url: '/v1/matrix/playbooks/record', payload: { query: freshQuery(), worker_ids: ['o-1', 'o-2'] } }),
  },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms: number) => (ms / 1000).toFixed(3);

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

/** Polls until `ok` holds; returns the milliseconds it took, or fails after `withinMs`. */
async function until(what: string, ok: () => Promise<boolean>, withinMs: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (await ok()) return performance.now() - start;
    if (performance.now() - start > withinMs) assert.fail(`${what}: not within ${withinMs} ms`);
    await sleep(100);
  }
}

function assertUnavailable(name: string, res: LightMyRequestResponse, ms: number) {
  assert.equal(res.statusCode, 503, `${name}: ${res.statusCode} ${res.body}`);
  assert.ok(ms < ANSWER_WITHIN_MS, `${name} answered after ${ms} ms`);
  assert.ok(Number(res.headers['retry-after']) > 0, `${name}: Retry-After`);
  const body = res.json();
  assert.equal(body.error.code, 'unavailable', name);
  assert.equal(typeof body.error.message, 'string', name);
}

describe('PostgreSQL outage: 503 while down, serving again without a restart', { skip }, () => {
  const proxy = new TcpProxy(
    url ? { host: new URL(url).hostname || '127.0.0.1', port: Number(new URL(url).port || 5432) } : { host: '', port: 0 },
  );
  let direct: { database: Database; url?: string; close(): Promise<void> };
  let proxied: Database;
  let app: FastifyInstance;
  let writer: FastifyInstance;

  const search = async (query: string) => await app.inject({ method: 'POST', url: '/v1/matrix/search', payload: { query, k: 50 } });
  const upsert = async (id: string) => {
    const res = await writer.inject({ method: 'POST', url: '/v1/workers/batch', payload: { workers: [workerFixture(id)] } });
    assert.equal(res.statusCode, 200, res.body);
  };

  before(async () => {
    direct = await openTestDatabase('postgres');
    const embedder = createHashEmbedder();
    await ensureCorpusEmbedder(direct.database.db, embedder);
    await proxy.start();
    proxied = await openDatabase({ databaseUrl: viaPort(direct.url!, proxy.port), dataDir: 'unused' });
    app = await buildApp({ config: testConfig(), database: proxied, embedder });
    writer = await buildApp({ config: testConfig(), database: direct.database, embedder });
    for (let i = 1; i <= 5; i++) await upsert(`o-${i}`);
  });
  after(async () => {
    await app?.close();
    await proxied?.close();
    await writer?.close();
    await proxy.stop();
    await direct?.close();
  });

  test('up: every data route answers, and a repeated search is served from the result cache', async () => {
    for (const probe of DATA_ROUTES) {
      const res = await probe.send(app);
      assert.ok(res.statusCode === 200 || res.statusCode === 201, `${probe.name}: ${res.statusCode} ${res.body}`);
    }
    // The writer's NOTIFYs arrive asynchronously and may drop the first entry: poll.
    await until('a repeated search is a result-cache hit', async () => (await search(QUERY)).json().cache.results === 'hit', 2_000);
  });

  test('down: /health 200, /ready and every data route 503 with Retry-After within 5 s', async (t: TestContext) => {
    await proxy.stop();
    const stoppedAt = performance.now();
    const answers = await Promise.all(DATA_ROUTES.map(async (probe) => ({ probe, ...(await timed(() => probe.send(app))) })));
    for (const { probe, value, ms } of answers) assertUnavailable(probe.name, value, ms);
    const toUnavailable = Math.max(...answers.map((a) => a.ms));

    const health = await timed(() => app.inject({ url: '/health' }));
    assert.equal(health.value.statusCode, 200);
    const ready = await timed(() => app.inject({ url: '/ready' }));
    assert.equal(ready.value.statusCode, 503, ready.value.body);
    assert.ok(ready.ms < ANSWER_WITHIN_MS, `/ready took ${ready.ms} ms`);
    assert.equal(ready.value.json().checks.database.ok, false);

    // Still down a while later (the LISTEN client is retrying meanwhile): still 503, nothing crashed.
    await sleep(1_500);
    for (const probe of DATA_ROUTES) {
      const again = await timed(() => probe.send(app));
      assertUnavailable(probe.name, again.value, again.ms);
    }
    t.diagnostic(
      `seconds to 503 after stop: ${seconds(toUnavailable)} (slowest data route; ${answers.map((a) => `${a.probe.name} ${seconds(a.ms)}`).join(', ')}); /ready ${seconds(ready.ms)}; measured from stop ${seconds(performance.now() - stoppedAt)} incl. the 1.5 s wait`,
    );
  });

  test('back: the same app serves every data route again within 10 s, and its LISTEN client resumes', async (t: TestContext) => {
    // Written while this app could not hear the NOTIFY: its cached search is now stale.
    await upsert('o-missed');
    await proxy.start();
    const toServing = await until(
      'every data route 200/201 again',
      async () => {
        const codes = await Promise.all(DATA_ROUTES.map(async (p) => (await p.send(app)).statusCode));
        return codes.every((c) => c === 200 || c === 201);
      },
      RECOVER_WITHIN_MS,
    );
    assert.equal((await app.inject({ url: '/ready' })).statusCode, 200);

    const ids = async () => (await search(QUERY)).json().results.map((r: { id: string }) => r.id) as string[];
    const toReset = await until(
      'the reconnected listener drops the stale cached search',
      async () => (await ids()).includes('o-missed'),
      RECOVER_WITHIN_MS,
    );

    await upsert('o-heard');
    const toNotified = await until(
      'a NOTIFY after reconnecting invalidates the cache',
      async () => (await ids()).includes('o-heard'),
      2_000,
    );
    t.diagnostic(
      `seconds to serving after start: ${seconds(toServing)}; stale cache dropped after ${seconds(toReset)} s more; NOTIFY heard after ${seconds(toNotified)} s`,
    );
  });
});
