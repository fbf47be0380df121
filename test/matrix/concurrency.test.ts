import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { openDatabase, rowsOf } from '../../src/db/open.ts';
import { createHashEmbedder } from '../../src/embed/hash.ts';
import { buildApp } from '../../src/http/app.ts';
import { openTestDatabase, testConfig, workerFixture } from '../support/backends.ts';

const skip = process.env.TEST_DATABASE_URL ? false : 'needs PostgreSQL (TEST_DATABASE_URL): PGlite has one connection';
// Queries that share no words, as distinct coordinator requests do (near-identical ones would lend each other boosts).
const SYLLABLES = ['ka', 'zu', 'mor', 'tel', 'vix', 'dra', 'pon', 'sel', 'qui', 'bex', 'lor', 'fen', 'gat', 'hul', 'nim', 'ros'];
const word = (n: number) => Array.from({ length: 4 }, (_, i) => SYLLABLES[(n >> (i * 4)) & 15]).join('');
const distinctQuery = (n: number) => `${word(n * 7919 + 13)} ${word(n * 104729 + 7)} ${word(n * 1299709 + 3)}`;
const ids = (res: { json(): { results: { id: string; playbook_boost: number }[] } }) => res.json().results;

describe('playbook memory under concurrent writers, and invalidation across instances [postgres]', { skip }, () => {
  let opened: Awaited<ReturnType<typeof openTestDatabase>>;
  let a: FastifyInstance;
  let b: FastifyInstance;
  const count = async () => (await rowsOf<{ n: number }>(opened.database.db, sql`SELECT count(*)::int AS n FROM playbooks`))[0].n;

  before(async () => {
    opened = await openTestDatabase('postgres');
    const deps = {
      config: testConfig({ RATE_LIMIT_PER_MINUTE: '0', SHED_DB_WAITING: '0' }),
      database: opened.database,
      embedder: createHashEmbedder(),
    };
    a = await buildApp(deps);
    // A second instance on its own pool: it hears the first one's writes only through LISTEN/NOTIFY.
    const other = await openDatabase({ databaseUrl: opened.url!, dataDir: 'unused' });
    b = await buildApp({ ...deps, database: other });
    b.addHook('onClose', async () => {
      await other.close();
    });
    const res = await a.inject({
      method: 'POST',
      url: '/v1/workers/batch',
      payload: {
        workers: Array.from({ length: 120 }, (_, i) =>
          workerFixture(`c-${i}`, { city: i % 2 ? 'Austin' : 'Dallas', role: i % 3 ? 'Picker' : 'Welder' }),
        ),
      },
    });
    assert.equal(res.statusCode, 200);
  });
  after(async () => {
    await a?.close();
    await b?.close();
    await opened?.close();
  });

  const record = (app: FastifyInstance, query: string, workers: string[]) =>
    app.inject({ method: 'POST', url: '/v1/matrix/playbooks/record', payload: { query, worker_ids: workers } });
  const replay = (app: FastifyInstance, query: string) =>
    app.inject({ method: 'POST', url: '/v1/matrix/search', payload: { query, k: 10, use_playbook: true } });

  let round = 0;
  for (const state of ['empty', 'one row', 'after deletes'] as const) {
    test(`200 records from 50 clients interleaved with use_playbook searches, table ${state}: no error, nothing lost, each record replayable`, async () => {
      if (state === 'one row') assert.equal((await record(a, 'seed row', ['c-1'])).statusCode, 201);
      if (state === 'after deletes') {
        const page = (await a.inject({ url: '/v1/matrix/playbooks?limit=1000' })).json();
        for (const p of page.playbooks)
          assert.equal((await a.inject({ method: 'DELETE', url: `/v1/matrix/playbooks/${p.id}` })).statusCode, 204);
        assert.equal(await count(), 0);
      }
      round++;
      const before = await count();
      const statuses: number[] = [];
      const client = async (c: number) => {
        for (let n = 0; n < 4; n++) {
          const query = distinctQuery(round * 1000 + c * 4 + n);
          const workers = [`c-${(c * 7 + n) % 120}`, `c-${(c * 11 + n + 1) % 120}`];
          const app = (c + n) % 2 ? a : b;
          const [rec, search] = await Promise.all([record(app, query, workers), replay(app, `picker ${c}`)]);
          statuses.push(rec.statusCode, search.statusCode);
          const again = ids(await replay(app, query));
          for (const id of workers)
            assert.ok(
              again.some((r) => r.id === id && r.playbook_boost > 0),
              `${id} boosted right after its record`,
            );
        }
      };
      await Promise.all(Array.from({ length: 50 }, (_, c) => client(c)));
      assert.deepEqual([...new Set(statuses)].sort(), [200, 201]);
      assert.equal(await count(), before + 200);
    });
  }

  test('a write on one instance drops the cached answer on the other (LISTEN/NOTIFY)', async () => {
    const body = { query: 'welder in austin', k: 5, filters: { city: 'Austin' } };
    const first = await b.inject({ method: 'POST', url: '/v1/matrix/search', payload: body });
    assert.equal((await b.inject({ method: 'POST', url: '/v1/matrix/search', payload: body })).json().cache.results, 'hit');
    const top = first.json().results[0].id;
    const res = await a.inject({
      method: 'PUT',
      url: `/v1/workers/${top}`,
      payload: { ...workerFixture(top, { city: 'Austin', role: 'Welder' }), id: undefined, status: 'inactive' },
    });
    assert.equal(res.statusCode, 200);
    const deadline = Date.now() + 5_000;
    let answer: { cache: { results: string }; results: { id: string }[] };
    do {
      answer = (await b.inject({ method: 'POST', url: '/v1/matrix/search', payload: body })).json();
      if (answer.cache.results === 'miss') break;
      await new Promise((r) => setTimeout(r, 50));
    } while (Date.now() < deadline);
    assert.equal(answer.cache.results, 'miss', 'the other instance dropped its entry');
    assert.ok(!answer.results.some((r: { id: string }) => r.id === top), 'and no longer returns the deactivated worker');
  });
});
