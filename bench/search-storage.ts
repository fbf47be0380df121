// What the embedding column's storage costs the exact plan: the service's exact-scan SQL over one state's
// ~2,000-3,000 active workers, on `workers` as it is and on scratch copies with STORAGE EXTERNAL / EXTENDED / MAIN / PLAIN.
// npx tsx bench/search-storage.ts [--database-url ...] [--state XX] [--queries 40] [--reps 3] [--keep]
import type pg from 'pg';
import { runMain } from '../src/cli/runtime.ts';
import { createHashEmbedder } from '../src/embed/hash.ts';
import { normalizeSearch, SearchRequest } from '../src/matrix/request.ts';
import { exactCandidates, filterConditions } from '../src/matrix/searchRepository.ts';
import { vectorLiteral } from '../src/db/vector.ts';
import { benchArgs } from './lib/args.ts';
import { capturedStatements, rawPool, type Statement, withParam } from './lib/pg.ts';
import { loadQueryTexts } from './lib/queries.ts';
import { latency, loadLine, ms } from './lib/stats.ts';

const VECTOR = '<query vector>';
const STORAGES = ['EXTERNAL', 'EXTENDED', 'MAIN', 'PLAIN'] as const;

interface Variant {
  label: string;
  table: string;
  storage?: (typeof STORAGES)[number];
}

/** A state whose active workers number 2,000-3,000: the exact plan's largest subsets (planner EXACT_SCAN_MAX_ROWS). */
async function pickState(pool: pg.Pool): Promise<{ state: string; n: number }> {
  const { rows } = await pool.query(`SELECT state, count(*)::int AS n FROM workers WHERE status = 'active'
    GROUP BY state HAVING count(*) BETWEEN 2000 AND 3000 ORDER BY abs(count(*) - 2500) LIMIT 1`);
  if (!rows.length) throw new Error('no state with 2,000-3,000 active workers: is the 100k corpus loaded?');
  return rows[0];
}

/** A copy of workers whose embedding column has `storage`, laid out in the same order, with the filter index. */
async function scratchCopy(pool: pg.Pool, v: Variant): Promise<void> {
  await pool.query(`DROP TABLE IF EXISTS ${v.table}`);
  await pool.query(`CREATE TABLE ${v.table} (LIKE workers INCLUDING DEFAULTS)`);
  // Set before the rows go in: SET STORAGE does not rewrite rows already stored.
  await pool.query(`ALTER TABLE ${v.table} ALTER COLUMN embedding SET STORAGE ${v.storage}`);
  await pool.query(`INSERT INTO ${v.table} SELECT * FROM workers ORDER BY id`);
  await pool.query(`CREATE INDEX ON ${v.table} (state, lower(city), lower(role))`);
  await pool.query(`VACUUM (ANALYZE) ${v.table}`);
}

async function layout(pool: pg.Pool, table: string, state: string): Promise<string> {
  const {
    rows: [r],
  } = await pool.query(
    `SELECT pg_relation_size($1::regclass) AS heap,
      coalesce(pg_relation_size(nullif(reltoastrelid, 0)), 0) AS toast,
      (SELECT avg(pg_column_size(embedding))::int FROM ${table} WHERE state = $2) AS col
    FROM pg_class WHERE oid = $1::regclass`,
    [table, state],
  );
  return `heap ${(r.heap / 2 ** 20).toFixed(0)} MB, toast ${(r.toast / 2 ** 20).toFixed(0)} MB, embedding ${r.col} B stored`;
}

/** Buffers one exact scan touches (shared hit + read), from EXPLAIN. */
async function buffersTouched(pool: pg.Pool, st: Statement): Promise<number> {
  const { rows } = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${st.text}`, st.params);
  const plan = rows[0]['QUERY PLAN'][0].Plan;
  return plan['Shared Hit Blocks'] + plan['Shared Read Blocks'];
}

const onTable = (st: Statement, table: string): Statement => ({ ...st, text: st.text.replace(/\bfrom workers\b/i, `FROM ${table}`) });

runMain(async () => {
  const args = benchArgs();
  const pool = rawPool(args.databaseUrl, 1);
  const { state, n } = args.flags.has('state') ? { state: args.flags.get('state')!, n: NaN } : await pickState(pool);
  const search = normalizeSearch(SearchRequest.parse({ query: 'storage', k: 10, filters: { state } }));
  const [exact] = await capturedStatements((db) => exactCandidates(db, VECTOR, filterConditions(search.filters, search.exclude), 10));
  const vectors = (await createHashEmbedder().embed(loadQueryTexts(args.number('queries', 40), 5))).map(vectorLiteral);
  const reps = args.number('reps', 3);
  const variants: Variant[] = [
    { label: 'workers as is', table: 'workers' },
    ...STORAGES.map((storage) => ({ label: `copy, ${storage}`, table: `bench_workers_${storage.toLowerCase()}`, storage })),
  ];
  console.log(
    `exact-scan SQL (search.ts exact plan, k=10) over state=${state} (${n} active workers), ${vectors.length} query vectors x ${reps} interleaved passes; ${loadLine()}`,
  );

  try {
    for (const v of variants.filter((x) => x.storage)) {
      const started = performance.now();
      await scratchCopy(pool, v);
      console.log(`built ${v.table} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    const {
      rows: [cur],
    } = await pool.query(`SELECT attstorage FROM pg_attribute WHERE attrelid = 'workers'::regclass AND attname = 'embedding'`);
    console.log(
      `workers.embedding storage today: ${({ p: 'PLAIN', e: 'EXTERNAL', x: 'EXTENDED', m: 'MAIN' } as Record<string, string>)[cur.attstorage]}`,
    );
    const times = new Map<string, number[]>(variants.map((v) => [v.table, []]));
    for (let pass = 0; pass <= reps; pass++) {
      for (const v of variants) {
        for (const vector of vectors) {
          const st = withParam(onTable(exact, v.table), VECTOR, vector);
          const t = performance.now();
          await pool.query(st.text, st.params);
          if (pass > 0) times.get(v.table)!.push(performance.now() - t); // pass 0 warms the caches
        }
      }
    }
    const base = latency(times.get('workers')!).p50;
    for (const v of variants) {
      const l = latency(times.get(v.table)!);
      const buffers = await buffersTouched(pool, withParam(onTable(exact, v.table), VECTOR, vectors[0]));
      console.log(
        `${v.label.padEnd(15)} p50 ${ms(l.p50).padStart(6)} ms  p99 ${ms(l.p99).padStart(6)} ms  (x${(l.p50 / base).toFixed(2)} of as-is)  ${buffers} buffers/query  ${await layout(pool, v.table, state)}`,
      );
    }
    const filterOnly = latency(await timed(pool, `SELECT id FROM workers WHERE state = $1 AND status = 'active'`, [state], vectors.length));
    console.log(`filter only, no vector read (same rows, workers): p50 ${ms(filterOnly.p50)} ms`);
  } finally {
    if (!args.has('keep')) for (const v of variants.filter((x) => x.storage)) await pool.query(`DROP TABLE IF EXISTS ${v.table}`);
    console.log(loadLine());
    await pool.end();
  }
});

async function timed(pool: pg.Pool, text: string, params: unknown[], times: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    await pool.query(text, params);
    out.push(performance.now() - t);
  }
  return out;
}
