// POST /v1/matrix/playbooks/record under 50 concurrent writers: latency, failures, and every 2xx is a row.
// Removes the playbooks it wrote afterwards. npx tsx bench/playbook-record.ts [--url ...] [--database-url ...]
//   [--connections 50] [--seconds 20] [--raw-seconds 10]
import type pg from 'pg';
import { runMain } from '../src/cli/runtime.ts';
import { createHashEmbedder } from '../src/embed/hash.ts';
import { vectorLiteral } from '../src/db/vector.ts';
import { seededRandom } from '../src/demo/random.ts';
import { benchArgs } from './lib/args.ts';
import { requestJson, requireService } from './lib/http.ts';
import { loadRun } from './lib/load.ts';
import { rawPool } from './lib/pg.ts';
import { drawPlace, loadQueryTexts } from './lib/queries.ts';
import { describeLatency, latency, loadLine } from './lib/stats.ts';

const SCRATCH = 'bench_playbooks_raw';
const SCRATCH_TEXTS = 'bench_playbook_texts_raw';
const SERVICE_POOL = 10; // config.ts DB_POOL_MAX default

/**
 * The record transaction (worker check, the text's graph node when new and the playbook, NOTIFY)
 * from a plain pg pool the size of the service's, `callers` at once, into a
 * scratch copy of playbooks and playbook_texts; with and without the NOTIFY, which PostgreSQL
 * serialises at commit (one global lock held through the WAL flush).
 */
async function rawRecords(
  pool: pg.Pool,
  notify: boolean,
  callers: number,
  seconds: number,
  vectors: string[],
  ids: string[],
): Promise<string> {
  const until = performance.now() + seconds * 1000;
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: callers }, async (_, caller) => {
      for (let i = caller; performance.now() < until; i += callers) {
        const t = performance.now();
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query('SELECT id FROM workers WHERE id = ANY($1::text[])', [ids.slice(i % 900, (i % 900) + 3)]);
          await client.query(
            `WITH text AS (INSERT INTO ${SCRATCH_TEXTS} (query_key, query, embedding) VALUES ($1, $1, $3) ON CONFLICT (query_key) DO NOTHING)
            INSERT INTO ${SCRATCH} (query, query_key, filters, worker_ids, outcome) VALUES ($1, $1, '{}', $2, 'filled') RETURNING id, created_at`,
            [`raw ${i}`, ids.slice(i % 900, (i % 900) + 3), vectors[i % vectors.length]],
          );
          if (notify) await client.query(`SELECT pg_notify('${SCRATCH}', '{"kind":"playbooks"}')`);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
        times.push(performance.now() - t);
      }
    }),
  );
  return `${(times.length / seconds).toFixed(1)}/s, ${describeLatency(latency(times))}`;
}

/** Entries in the service's result cache, from /metrics when it has one: every record walks them (see README). */
async function resultCacheEntries(base: string): Promise<string> {
  const metrics = await fetch(`${base}/metrics`)
    .then((r) => (r.ok ? r.text() : ''))
    .catch(() => '');
  return /^staffing_matrix_cache_entries\{cache="results"\} (\d+)/m.exec(metrics)?.[1] ?? 'unknown';
}

runMain(async () => {
  const args = benchArgs();
  const connections = args.number('connections', 50);
  const seconds = args.number('seconds', 20);
  await requireService(args.url);
  const { workers } = await requestJson<{ workers: { id: string }[] }>(`${args.url}/v1/workers?limit=1000`);
  const ids = workers.map((w) => w.id);
  const texts = loadQueryTexts(400, 3);
  const random = seededRandom(17);
  // Every query carries the run's tag, so this run's rows are told apart from anyone else's.
  const tag = `bench${Date.now().toString(36)}`;
  const body = (i: number) => ({
    query: `${texts[i % texts.length]} ${tag}-${i}`,
    worker_ids: random.sample(ids, random.int(2, 3)),
    ...(random.chance(0.5) ? { filters: { state: drawPlace(random).state } } : {}),
  });

  const pool = rawPool(args.databaseUrl, 2);
  const {
    rows: [{ start }],
  } = await pool.query('SELECT now() AS start');
  const created = new Set<string>();
  console.log(
    `playbook record: ${connections} concurrent writers for ${seconds} s, 2-3 of ${ids.length} workers per record; result-cache entries ${await resultCacheEntries(args.url)}; ${loadLine()}`,
  );
  const run = await loadRun({
    url: args.url,
    path: '/v1/matrix/playbooks/record',
    connections,
    seconds,
    body,
    onBody: (status, text) => {
      if (status === 201) created.add(JSON.parse(text).id);
    },
  });
  console.log(`  ${run.ok} x 2xx (${run.qps.toFixed(1)}/s); ${describeLatency(run.latency)}`);
  console.log(
    `  failures: non-2xx ${run.non2xx}, socket errors ${run.errors}, timeouts ${run.timeouts} (target 0); statuses ${JSON.stringify(run.statuses)}`,
  );

  // Requests still in flight when autocannon stops are aborted client-side but may commit: let them land.
  await new Promise((r) => setTimeout(r, 2_000));
  const mine = `created_at >= $1 AND query LIKE '%' || $2 || '-%'`;
  const {
    rows: [{ n }],
  } = await pool.query(`SELECT count(*)::int AS n FROM playbooks WHERE ${mine}`, [start, tag]);
  const {
    rows: [{ found }],
  } = await pool.query(`SELECT count(*)::int AS found FROM playbooks WHERE id = ANY($1::uuid[])`, [[...created]]);
  console.log(
    `  rows written by this run ${n}; 201 answers ${created.size}, of which found in the table ${found} (lost: ${created.size - found});` +
      ` rows beyond the 201s ${n - created.size} (requests in flight when the run stopped, at most ${connections})`,
  );
  const deleted = await pool.query(`DELETE FROM playbooks WHERE ${mine}`, [start, tag]);
  const orphans = await pool.query(
    `DELETE FROM playbook_texts t WHERE ${mine} AND NOT EXISTS (SELECT 1 FROM playbooks p WHERE p.query_key = t.query_key)`,
    [start, tag],
  );
  console.log(`  cleaned up: deleted ${deleted.rowCount} playbooks and ${orphans.rowCount} request texts; ${loadLine()}`);

  const rawSeconds = args.number('raw-seconds', 10);
  const vectors = (await createHashEmbedder().embed(texts)).map(vectorLiteral);
  const raw = rawPool(args.databaseUrl, SERVICE_POOL);
  const drop = `DROP TABLE IF EXISTS ${SCRATCH}, ${SCRATCH_TEXTS}`;
  await raw.query(drop);
  await raw.query(`CREATE TABLE ${SCRATCH} (LIKE playbooks INCLUDING ALL)`);
  await raw.query(`CREATE TABLE ${SCRATCH_TEXTS} (LIKE playbook_texts INCLUDING ALL)`);
  try {
    console.log(`raw record transaction, pg pool of ${SERVICE_POOL}, ${connections} callers, ${rawSeconds} s each:`);
    console.log(`  with NOTIFY:    ${await rawRecords(raw, true, connections, rawSeconds, vectors, ids)}`);
    console.log(`  without NOTIFY: ${await rawRecords(raw, false, connections, rawSeconds, vectors, ids)}; ${loadLine()}`);
  } finally {
    await raw.query(drop);
    await raw.end();
  }
  await pool.end();
});
