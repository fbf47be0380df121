// How often a replay finds the playbooks most similar to its request: nearest_playbooks() (the HNSW walk
// the service's boosts come from) against an exact scan of the same playbooks, on the load harness's own
// query family and on rewordings of it, with the PostgreSQL CPU of one lookup. Requests are new texts
// (the same-text half of the function is switched off), so this measures the similar-request half. Last,
// the PostgreSQL CPU of a record's insert for a new request text and for one already in the graph.
// npx tsx bench/playbook-recall.ts [--database-url ...] [--queries 200] [--seed 79]
import { sql } from 'drizzle-orm';
import { runMain } from '../src/cli/runtime.ts';
import { openDatabase, rowsOf } from '../src/db/open.ts';
import { hashVector } from '../src/embed/hash.ts';
import { vectorLiteral, vectorParam } from '../src/db/vector.ts';
import { insertPlaybook } from '../src/matrix/playbookRepository.ts';
import { queryKey } from '../src/matrix/queryKey.ts';
import { NEAREST_PLAYBOOKS, PLAYBOOK_SIMILARITY_THRESHOLD, PLAYBOOKS_PER_TEXT } from '../src/matrix/playbooks.ts';
import { queryPool } from '../loadtest/queries.ts';
import { benchArgs } from './lib/args.ts';
import { rawPool } from './lib/pg.ts';
import { reworded } from './lib/queries.ts';
import { loadLine, mean, processCpuMs } from './lib/stats.ts';

interface Near {
  id: string;
  similarity: number;
}

runMain(async () => {
  const args = benchArgs();
  const n = args.number('queries', 200);
  const pool = rawPool(args.databaseUrl, 1);
  const client = await pool.connect();
  try {
    const [{ count, texts }] = (
      await client.query<{ count: number; texts: number }>(
        'SELECT (SELECT count(*)::int FROM playbooks) AS count, (SELECT count(*)::int FROM playbook_texts) AS texts',
      )
    ).rows;
    const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    console.log(
      `${count} playbooks of ${texts} request texts; ${n} new request texts per family; ${NEAREST_PLAYBOOKS} nearest; ${loadLine()}`,
    );
    const queries = queryPool(args.number('seed', 79));
    for (const family of ['harness', 'reworded'] as const) {
      const vectors = Array.from({ length: n }, () =>
        vectorLiteral(hashVector(family === 'harness' ? queries.next() : reworded(queries.next()))),
      );
      const walked: Near[][] = [];
      const cpuBefore = processCpuMs(backend);
      for (const v of vectors) {
        // A key no playbook has: only the walk answers.
        const { rows } = await client.query<Near>({
          name: 'walk',
          text: 'SELECT id, similarity FROM nearest_playbooks($1::vector, $2, $3, $4, $5)',
          values: [v, '\u0001', NEAREST_PLAYBOOKS, PLAYBOOKS_PER_TEXT, PLAYBOOK_SIMILARITY_THRESHOLD],
        });
        walked.push(rows);
      }
      const cpuAfter = processCpuMs(backend);
      const exact: Near[][] = [];
      await client.query('BEGIN; SET LOCAL enable_indexscan = off');
      for (const v of vectors) {
        const { rows } = await client.query<Near>({
          name: 'exact',
          // The function's answer computed exactly by a full scan (the stored vectors, whatever their precision,
          // compared as vector): each text's newest playbooks by the text's similarity, newest first.
          text: `SELECT id, similarity FROM (
              SELECT p.id, 1 - (t.embedding::vector <=> $1::vector) AS similarity, p.created_at,
                row_number() OVER (PARTITION BY p.query_key ORDER BY p.created_at DESC) AS newest
              FROM playbook_texts t JOIN playbooks p USING (query_key) WHERE p.outcome <> 'declined') AS ranked
            WHERE newest <= $3 ORDER BY similarity DESC, created_at DESC, id LIMIT $2`,
          values: [v, NEAREST_PLAYBOOKS, PLAYBOOKS_PER_TEXT],
        });
        exact.push(rows);
      }
      await client.query('COMMIT');
      // Only playbooks above the threshold lend a boost.
      const lending = (rows: Near[]) => rows.filter((r) => r.similarity > PLAYBOOK_SIMILARITY_THRESHOLD);
      const asked = exact
        .map((rows, i) => ({ truth: lending(rows), got: new Set(walked[i].map((r) => r.id)) }))
        .filter((q) => q.truth.length);
      const best = asked.filter((q) => q.got.has(q.truth[0].id)).length / (asked.length || 1);
      const found = asked.reduce((sum, q) => sum + q.truth.filter((r) => q.got.has(r.id)).length, 0);
      const all = asked.reduce((sum, q) => sum + q.truth.length, 0);
      const cpu =
        cpuBefore !== undefined && cpuAfter !== undefined ? `${((cpuAfter - cpuBefore) / n).toFixed(2)} ms` : 'n/a (not on this host)';
      console.log(
        `${family.padEnd(9)} ${asked.length} requests with a playbook above ${PLAYBOOK_SIMILARITY_THRESHOLD}: ` +
          `most similar found ${best.toFixed(3)}, recall of those above it ${(found / (all || 1)).toFixed(3)} (${found}/${all}), ` +
          `mean best similarity ${mean(asked.map((q) => q.truth[0].similarity)).toFixed(3)}; PostgreSQL CPU per lookup ${cpu}`,
      );
    }
    await recordCost(args.databaseUrl);
  } finally {
    client.release();
    await pool.end();
  }
});

/**
 * PostgreSQL CPU of one record's insert (the repository's statement), for request texts new to the
 * graph and for texts already in it (a fill's, a repeated request's), 300 each in a transaction that
 * is rolled back.
 */
async function recordCost(databaseUrl: string | undefined): Promise<void> {
  const database = await openDatabase({ databaseUrl, dataDir: 'unused', poolMax: 1 });
  const { db } = database;
  try {
    const repeated = (
      await rowsOf<{ query_key: string }>(db, sql`SELECT query_key FROM playbooks GROUP BY query_key ORDER BY count(*) DESC LIMIT 50`)
    ).map((r) => r.query_key);
    const [{ worker }] = await rowsOf<{ worker: string }>(db, sql`SELECT min(id) AS worker FROM workers`);
    const costs: string[] = [];
    for (const kind of ['new', 'repeated'] as const) {
      if (kind === 'repeated' && !repeated.length) continue;
      const texts = Array.from({ length: RECORDS }, (_, i) =>
        kind === 'new' ? `bench record ${i} ${Date.now()}` : repeated[i % repeated.length],
      );
      await db
        .transaction(async (tx) => {
          const [{ pid }] = await rowsOf<{ pid: number }>(tx, sql`SELECT pg_backend_pid() AS pid`);
          const before = processCpuMs(pid);
          for (const query of texts) {
            await insertPlaybook(tx, {
              query,
              query_key: queryKey(query),
              filters: {},
              worker_ids: [worker],
              outcome: 'filled',
              embedding: vectorParam(database, hashVector(query)),
            });
          }
          const after = processCpuMs(pid);
          costs.push(
            `${kind} text ${before !== undefined && after !== undefined ? `${((after - before) / RECORDS).toFixed(2)} ms` : 'n/a'}`,
          );
          throw new RolledBack();
        })
        .catch((err) => {
          if (!(err instanceof RolledBack)) throw err;
        });
    }
    console.log(`record (insert statement, ${RECORDS} per kind, rolled back): PostgreSQL CPU per record: ${costs.join(', ')}`);
  } finally {
    await database.close();
  }
}

class RolledBack extends Error {}
const RECORDS = 300;
