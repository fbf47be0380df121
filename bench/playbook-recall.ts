// How often a replay finds the playbooks most similar to its request: nearest_playbooks() (the HNSW walk
// the service's boosts come from) against an exact scan of the same playbooks, on the load harness's own
// query family and on rewordings of it, with the PostgreSQL CPU of one lookup. Requests are new texts
// (the same-text half of the function is switched off), so this measures the similar-request half.
// npx tsx bench/playbook-recall.ts [--database-url ...] [--queries 200] [--seed 79]
import { runMain } from '../src/cli/runtime.ts';
import { hashVector } from '../src/embed/hash.ts';
import { vectorLiteral } from '../src/db/vector.ts';
import { NEAREST_PLAYBOOKS, PLAYBOOK_SIMILARITY_THRESHOLD } from '../src/matrix/playbooks.ts';
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
    const [{ count }] = (await client.query<{ count: number }>('SELECT count(*)::int AS count FROM playbooks')).rows;
    const backend = (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    console.log(`${count} playbooks; ${n} new request texts per family; ${NEAREST_PLAYBOOKS} nearest; ${loadLine()}`);
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
          text: 'SELECT id, similarity FROM nearest_playbooks($1::vector, $2, $3)',
          values: [v, '\u0001', NEAREST_PLAYBOOKS],
        });
        walked.push(rows);
      }
      const cpuAfter = processCpuMs(backend);
      const exact: Near[][] = [];
      await client.query('BEGIN; SET LOCAL enable_indexscan = off');
      for (const v of vectors) {
        const { rows } = await client.query<Near>({
          name: 'exact',
          text: `SELECT id, 1 - (embedding <=> $1::vector) AS similarity FROM playbooks WHERE outcome <> 'declined'
            ORDER BY embedding <=> $1::vector, id LIMIT $2`,
          values: [v, NEAREST_PLAYBOOKS],
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
  } finally {
    client.release();
    await pool.end();
  }
});
