import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { type Database, openDatabase } from '../../src/db/open.ts';
import { ensureCorpusEmbedder } from '../../src/embed/corpus.ts';
import { createHashEmbedder } from '../../src/embed/hash.ts';
import { buildApp } from '../../src/http/app.ts';
import { testConfig, workerFixture } from '../support/backends.ts';

/**
 * Against a real streaming replica: TEST_DATABASE_URL is the primary, TEST_REPLICA_URL a standby of
 * it (scripts/replica-setup.sh prints one). The suite makes its own database on the primary, which
 * the standby replays; the stop/start test drives the standby with pg_ctl (TEST_REPLICA_DATA, default
 * the setup script's directory).
 */
const primaryUrl = process.env.TEST_DATABASE_URL;
const replicaUrl = process.env.TEST_REPLICA_URL;
const skip = !primaryUrl || !replicaUrl ? 'TEST_DATABASE_URL and TEST_REPLICA_URL (scripts/replica-setup.sh) are needed' : false;

const major = () =>
  readdirSync('/etc/postgresql')
    .sort((a, b) => Number(a) - Number(b))
    .at(-1)!;
const replicaData = () => process.env.TEST_REPLICA_DATA ?? `/var/lib/postgresql/${major()}/replica`;
const pgCtl = (...args: string[]) => {
  const cmd = [`/usr/lib/postgresql/${major()}/bin/pg_ctl`, '-D', replicaData(), ...args];
  const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : ['sudo', '-u', 'postgres'];
  execFileSync(asPostgres[0], [...asPostgres.slice(1), ...cmd], { stdio: 'ignore' });
};

const withDb = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

/**
 * The replica server's own settings (ALTER SYSTEM, reload) through its `postgres` database: the URL
 * replica-setup.sh prints names a database that need not exist (sm_report, the load runs' database).
 */
const replicaServer = () => withDb(replicaUrl!, 'postgres');

async function one<T>(url: string, text: string, params: unknown[] = []): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text, params)).rows[0] as T;
  } finally {
    await c.end();
  }
}

/** Holds back the replica's replay of commits by `delay` ('150ms'), or lets it replay at once (null). */
async function replicaApplyDelay(delay: string | null): Promise<void> {
  await one(
    replicaServer(),
    delay === null ? 'ALTER SYSTEM RESET recovery_min_apply_delay' : `ALTER SYSTEM SET recovery_min_apply_delay = '${delay}'`,
  );
  await one(replicaServer(), 'SELECT pg_reload_conf()');
}

async function until<T>(what: string, deadlineMs: number, probe: () => Promise<T | undefined | false>): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what}: not within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Statements a server ran in the test database (pg_stat_statements, updated as each one ends), less the replica probes and LSN reads. */
const statementCalls = async (url: string) =>
  Number(
    (
      await one<{ n: string | null }>(
        url,
        `
  SELECT coalesce(sum(calls), 0) AS n FROM pg_stat_statements
  WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND query NOT ILIKE '%pg_is_in_recovery%' AND query NOT ILIKE '%wal_flush_lsn%' AND query NOT ILIKE '%pg_stat_statements%'`,
      )
    ).n,
  );

describe('read replicas (PostgreSQL streaming replication)', { skip }, () => {
  const name = `sm_replica_${process.pid}_${Date.now().toString(36)}`;
  let database: Database;
  let app: FastifyInstance;
  let replicaDbUrl: string;
  const status = () => database.replicaStatus()!;

  before(async () => {
    await one(primaryUrl!, `CREATE DATABASE ${name}`);
    replicaDbUrl = withDb(replicaUrl!, name);
    // The standby replays CREATE DATABASE.
    await until(
      'the test database on the replica',
      30_000,
      async () => (await one<{ ok: number }>(replicaDbUrl, 'SELECT 1 AS ok')).ok === 1,
    );
    database = await openDatabase({
      databaseUrl: withDb(primaryUrl!, name),
      dataDir: 'unused',
      poolMax: 10,
      replicaUrls: [replicaDbUrl],
      replicaCheckMs: 100,
    });
    await migrateDatabase(database);
    // pg_stat_statements is preloaded on both servers (scripts/postgres-setup.sh, replica-setup.sh); its view replicates.
    await one(withDb(primaryUrl!, name), 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    const embedder = createHashEmbedder();
    await ensureCorpusEmbedder(database.db, embedder);
    // The replica tests send thousands of requests a minute from one client on a shared machine: the
    // rate limit and event-loop shedding, tested elsewhere, would answer some 429/503 and hide what is measured.
    app = await buildApp({ config: testConfig({ RATE_LIMIT_PER_MINUTE: '0', SHED_EVENT_LOOP_DELAY_MS: '0' }), database, embedder });
    await app.ready();
    const workers = Array.from({ length: 60 }, (_, i) =>
      workerFixture(`r-${i}`, {
        city: ['Dallas', 'Houston', 'Austin'][i % 3],
        role: ['Forklift Operator', 'Welder'][i % 2],
        name: `Worker ${i}`,
      }),
    );
    assert.equal((await app.inject({ method: 'POST', url: '/v1/workers/batch', payload: { workers } })).statusCode, 200);
    await until('the replica in rotation', 10_000, async () => status().replicas[0].state === 'up');
  });

  after(async () => {
    await replicaApplyDelay(null).catch(() => {});
    await app?.close();
    await database?.close();
    await one(primaryUrl!, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  /** n write-then-read pairs (worker upsert -> search, playbook record -> replay, fill booking -> validation); the reads that missed their write. */
  const writeThenRead = async (n: number, from: number) => {
    const misses: string[] = [];
    const BASE = Date.parse('2026-03-01T00:00:00Z');
    for (let i = from; i < from + n; i++) {
      const kind = i % 3;
      if (kind === 0) {
        // A worker upserted, then searched with filters that only it matches.
        const id = `ryw-${i}`;
        const city = `Testville${i}`;
        const put = await app.inject({
          method: 'PUT',
          url: `/v1/workers/${id}`,
          payload: { ...workerFixture(id, { city, state: 'TX' }), id: undefined },
        });
        assert.equal(put.statusCode, 200, put.body);
        const found = (
          await app.inject({
            method: 'POST',
            url: '/v1/matrix/search',
            payload: { query: 'forklift operator', k: 5, filters: { city, state: 'TX' } },
          })
        ).json();
        if (!found.results.some((r: { id: string }) => r.id === id)) misses.push(`worker ${id}`);
      } else if (kind === 1) {
        // A playbook recorded, then replayed.
        const query = `welder for the weekend crew ${i}`;
        const worker_ids = [`r-${(i * 7) % 60}`, `r-${(i * 7 + 1) % 60}`];
        assert.equal(
          (await app.inject({ method: 'POST', url: '/v1/matrix/playbooks/record', payload: { query, worker_ids } })).statusCode,
          201,
        );
        const replay = (
          await app.inject({ method: 'POST', url: '/v1/matrix/search', payload: { query, k: 10, use_playbook: true } })
        ).json();
        const boosted = replay.results.filter((r: { playbook_boost: number }) => r.playbook_boost > 0).map((r: { id: string }) => r.id);
        if (!worker_ids.every((id) => boosted.includes(id))) misses.push(`playbook ${query}`);
      } else {
        // A fill booked, then the same workers validated for an overlapping shift.
        const start = new Date(BASE + i * 86_400_000);
        const order = {
          city: 'Dallas',
          state: 'TX',
          role: 'Forklift Operator',
          headcount: 1,
          certifications: [],
          shift_start: start.toISOString(),
          shift_end: new Date(start.getTime() + 8 * 3_600_000).toISOString(),
        };
        const booked = await app.inject({ method: 'POST', url: '/v1/fills', payload: { order, worker_ids: ['r-0'] } });
        assert.equal(booked.statusCode, 201, booked.body);
        const verdict = (await app.inject({ method: 'POST', url: '/v1/validate/fill', payload: { order, worker_ids: ['r-0'] } })).json();
        if (verdict.valid !== false) misses.push(`fill on ${order.shift_start}`);
      }
    }
    return misses;
  };

  test('searches, lists and worker reads are served by the replica (its own pg_stat_statements counts them)', async () => {
    await until('the extension on the replica', 10_000, async () => (await statementCalls(replicaDbUrl)) >= 0);
    const [onReplica, onPrimary] = [await statementCalls(replicaDbUrl), await statementCalls(withDb(primaryUrl!, name))];
    const readsBefore = status().reads.replica;
    const n = 40;
    for (let i = 0; i < n; i++) {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/matrix/search',
        payload: { query: `forklift operator ${i} in dallas`, k: 5 },
      });
      assert.equal(res.statusCode, 200, res.body);
    }
    assert.equal((await app.inject({ url: '/v1/workers?limit=5' })).statusCode, 200);
    assert.equal((await app.inject({ url: '/v1/workers/r-1' })).statusCode, 200);
    assert.equal(status().reads.replica - readsBefore, n + 2, JSON.stringify(status()));
    // Every search is one statement or more, all of them on the replica; the primary ran (almost) none of them.
    const replicaRan = (await statementCalls(replicaDbUrl)) - onReplica;
    const primaryRan = (await statementCalls(withDb(primaryUrl!, name))) - onPrimary;
    assert.ok(replicaRan >= n + 2, `replica ran ${replicaRan} statements`);
    assert.ok(primaryRan < n / 4, `primary ran ${primaryRan} statements`);
    const stats = (await app.inject({ url: '/v1/admin/stats' })).json();
    assert.equal(stats.replication.replicas[0].state, 'up');
    const ready = (await app.inject({ url: '/ready' })).json();
    assert.equal(ready.ready, true);
    assert.equal(ready.replicas[0].state, 'up');
    assert.equal(typeof ready.replicas[0].lag_ms, 'number');
  });

  test('read-your-writes: 200 write-then-read pairs on a replica that applies commits 150 ms late, 0 misses', async () => {
    // recovery_min_apply_delay holds back the replica's commit records: any read sent there after a write misses it.
    await replicaApplyDelay('150ms');
    // The delay is real: a write read straight from the replica at once is not there.
    await app.inject({ method: 'PUT', url: '/v1/workers/probe-1', payload: { ...workerFixture('probe-1'), id: undefined } });
    assert.equal(
      (await one<{ n: number }>(replicaDbUrl, "SELECT count(*)::int AS n FROM workers WHERE id = 'probe-1'")).n,
      0,
      'the replica lags behind the write (else this test could not fail)',
    );

    const misses = await writeThenRead(200, 0);
    assert.deepEqual(misses, []);
    // Reads right after a write waited for nothing: the behind replica sent them to the primary.
    assert.ok(status().reads.behind_fence > 0, JSON.stringify(status().reads));
    await replicaApplyDelay(null);
  });

  test('read-your-writes on a prompt replica: reads wait for it (up to 20 ms) instead of missing, 0 misses in 100', async () => {
    const waited = status().reads.waited + status().reads.replica;
    assert.deepEqual(await writeThenRead(100, 1_000), []);
    assert.ok(status().reads.waited + status().reads.replica > waited, JSON.stringify(status().reads));
  });

  test('cache invalidation with a lagging replica: a cached search re-read after a write (here, and on a second instance told by NOTIFY) sees it', async () => {
    await replicaApplyDelay('150ms');
    const other = await openDatabase({
      databaseUrl: withDb(primaryUrl!, name),
      dataDir: 'unused',
      poolMax: 5,
      replicaUrls: [replicaDbUrl],
      replicaCheckMs: 100,
    });
    const second = await buildApp({ config: testConfig(), database: other, embedder: createHashEmbedder() });
    await second.ready();
    try {
      const search = (on: FastifyInstance) =>
        on.inject({
          method: 'POST',
          url: '/v1/matrix/search',
          payload: { query: 'forklift operator', k: 50, filters: { city: 'Dallas', state: 'TX' } },
        });
      const ids = async (on: FastifyInstance) => (await search(on)).json().results.map((r: { id: string }) => r.id) as string[];
      for (let i = 0; i < 5; i++) {
        await search(app);
        await search(second);
        assert.equal((await search(app)).json().cache.results, 'hit', 'the answer is cached before the write');
        assert.equal((await search(second)).json().cache.results, 'hit');
        const id = `cache-${i}`;
        const invalidated = (await second.inject({ url: '/v1/admin/stats' })).json().caches.results.invalidations;
        assert.equal(
          (await app.inject({ method: 'PUT', url: `/v1/workers/${id}`, payload: { ...workerFixture(id), id: undefined } })).statusCode,
          200,
        );
        assert.ok((await ids(app)).includes(id), `this instance: ${id} found after its own write`);
        await until(
          'the second instance hears the change',
          5_000,
          async () => (await second.inject({ url: '/v1/admin/stats' })).json().caches.results.invalidations > invalidated,
        );
        assert.ok((await ids(second)).includes(id), `second instance: ${id} found after the NOTIFY`);
        // And what was stored after the write is the fresh answer, not the replica's stale one.
        assert.ok((await ids(second)).includes(id));
      }
    } finally {
      await second.close();
      await other.close();
      await replicaApplyDelay(null);
    }
  });

  test('replica stopped mid-run: 0 failed requests, reads on the primary within 5 s; restarted: back in rotation', async () => {
    let stop = false;
    let failed = 0;
    let done = 0;
    const statuses = new Map<number, number>();
    const loop = async (n: number) => {
      for (let i = 0; !stop; i++) {
        // Every text new: a result-cache hit answers without I/O, and loops of those would starve the timers.
        const res = await app.inject({ method: 'POST', url: '/v1/matrix/search', payload: { query: `welder ${n} ${i} houston`, k: 5 } });
        if (res.statusCode !== 200) {
          failed++;
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        }
        done++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    const loops = [0, 1, 2, 3].map(loop);
    try {
      await until('searches served by the replica', 10_000, async () => status().reads.replica > 0 && done > 20);
      pgCtl('-m', 'fast', '-w', 'stop');
      const primaryAtStop = status().reads.primary;
      await until(
        'the replica out of rotation and reads on the primary',
        5_000,
        async () => status().replicas[0].state === 'down' && status().reads.primary > primaryAtStop + 10,
      );
      const ready = (await app.inject({ url: '/ready' })).json();
      assert.equal(ready.ready, true, 'the service stays ready on the primary');
      assert.equal(ready.replicas[0].state, 'down');

      pgCtl('-w', '-t', '60', '-l', `${replicaData()}/replica.log`, 'start');
      const replicaAtStart = status().reads.replica;
      await until(
        'the replica back in rotation and serving',
        60_000,
        async () => status().replicas[0].state === 'up' && status().reads.replica > replicaAtStart + 10,
      );
    } finally {
      stop = true;
      await Promise.all(loops);
      // Never leave the shared replica stopped.
      try {
        pgCtl('-w', '-t', '60', '-l', `${replicaData()}/replica.log`, 'start');
      } catch {
        /* already running */
      }
    }
    assert.equal(failed, 0, `${failed} of ${done} searches failed (status: count ${JSON.stringify(Object.fromEntries(statuses))})`);
  });
});
