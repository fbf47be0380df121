// Recall@10 and latency of the service's HNSW SQL by index build (m, ef_construction) and hnsw.ef_search,
// on a scratch copy of workers (the live index is not touched). Each build takes minutes on 2 cores.
// npx tsx bench/search-index.ts [--database-url ...] [--builds 16:64,16:128,32:64,32:128] [--ef 40,100,200] [--per-band 60] [--keep]
import type pg from 'pg';
import { runMain } from '../src/cli/runtime.ts';
import { createHashEmbedder } from '../src/embed/hash.ts';
import { EXACT_SCAN_MAX_ROWS } from '../src/matrix/planner.ts';
import { normalizeSearch, SearchRequest } from '../src/matrix/request.ts';
import { type Candidate, countMatching, exactCandidates, filterConditions, hnswCandidates } from '../src/matrix/searchRepository.ts';
import { vectorLiteral } from '../src/db/vector.ts';
import { benchArgs } from './lib/args.ts';
import { nearestFirst, SERVICE_TUNING } from './lib/candidates.ts';
import { capturedStatements, rawPool, type Statement, withParam } from './lib/pg.ts';
import { type Band, benchQueries } from './lib/queries.ts';
import { latency, loadLine, mean, ms } from './lib/stats.ts';

const TABLE = 'bench_workers_index';
const VECTOR = '<query vector>';
const K = 10;

/** A query the service would answer with its HNSW plan, with the exact answer it should approach. */
interface Case {
  band: Band;
  hnsw: Statement;
  truth: Set<string>;
}

const onTable = (st: Statement, table: string): Statement => ({ ...st, text: st.text.replace(/\bfrom workers\b/i, `FROM ${table}`) });
const bound = (st: Statement, vector: string) => withParam(st, VECTOR, vector);

async function hnswCases(pool: pg.Pool, perBand: number): Promise<Case[]> {
  const embedder = createHashEmbedder();
  const cases: Case[] = [];
  await pool.query('SET enable_indexscan = off');
  for (const q of benchQueries(perBand, 7, 0).filter((x) => x.band !== 'state+role')) {
    const search = normalizeSearch(SearchRequest.parse(q.body));
    const cond = filterConditions(search.filters, search.exclude);
    const vector = vectorLiteral((await embedder.embed([search.query]))[0]);
    const [count] = await capturedStatements((db) => countMatching(db, cond, EXACT_SCAN_MAX_ROWS + 1));
    if (q.band !== 'unfiltered' && (await pool.query(count.text, count.params)).rows[0].n <= EXACT_SCAN_MAX_ROWS) continue;
    const [exact] = await capturedStatements((db) => exactCandidates(db, VECTOR, cond, K));
    const [hnsw] = await capturedStatements((db) => hnswCandidates(db, VECTOR, cond, K + SERVICE_TUNING.extra));
    const truth = (await pool.query(bound(exact, vector).text, bound(exact, vector).params)).rows.map((r) => r.id as string);
    cases.push({ band: q.band, hnsw: bound(hnsw, vector), truth: new Set(truth) });
  }
  await pool.query('RESET enable_indexscan');
  return cases;
}

/**
 * The planner's pick between the HNSW scan and a seq/bitmap scan + sort
 * depends on ef_search and on the table's width, so a scratch copy would not
 * plan like workers: these runs take the index away from the alternatives to
 * measure the graph itself (bench/recall.ts measures what the service gets).
 */
const FORCE_INDEX = ['enable_seqscan', 'enable_bitmapscan', 'enable_sort'];

async function measure(pool: pg.Pool, label: string, table: string, cases: Case[], efs: number[]): Promise<void> {
  for (const setting of FORCE_INDEX) await pool.query(`SET ${setting} = off`);
  for (const ef of efs) {
    await pool.query(`SET hnsw.ef_search = ${ef}`);
    const recall = new Map<Band, number[]>();
    const times: number[] = [];
    let indexScans = 0;
    for (const c of cases) {
      const st = onTable(c.hnsw, table);
      const t = performance.now();
      const { rows } = await pool.query<Candidate>(st.text, st.params);
      times.push(performance.now() - t);
      const ids = nearestFirst(rows, K);
      recall.set(c.band, [...(recall.get(c.band) ?? []), ids.filter((id) => c.truth.has(id)).length / c.truth.size]);
      if (JSON.stringify((await pool.query(`EXPLAIN (FORMAT JSON) ${st.text}`, st.params)).rows[0]).includes('_hnsw')) indexScans++;
    }
    const bands = [...recall].map(([band, r]) => `${band} ${mean(r).toFixed(4)} (n=${r.length})`).join(', ');
    console.log(
      `${label.padEnd(28)} ef_search ${String(ef).padStart(4)}: ${bands}; p50 ${ms(latency(times).p50)} ms, p99 ${ms(latency(times).p99)} ms; HNSW index used ${indexScans}/${cases.length}`,
    );
  }
  await pool.query('RESET hnsw.ef_search');
  for (const setting of FORCE_INDEX) await pool.query(`RESET ${setting}`);
}

async function build(pool: pg.Pool, m: number, efConstruction: number): Promise<string> {
  await pool.query(`DROP INDEX IF EXISTS ${TABLE}_hnsw`);
  await pool.query(`SET maintenance_work_mem = '2GB'`);
  const t = performance.now();
  await pool.query(
    `CREATE INDEX ${TABLE}_hnsw ON ${TABLE} USING hnsw (embedding vector_cosine_ops) WITH (m = ${m}, ef_construction = ${efConstruction})`,
  );
  const {
    rows: [r],
  } = await pool.query(`SELECT pg_relation_size('${TABLE}_hnsw') AS size`);
  return `built in ${((performance.now() - t) / 1000).toFixed(0)} s, ${(r.size / 2 ** 20).toFixed(0)} MB`;
}

runMain(async () => {
  const args = benchArgs();
  const efs = args.list('ef', ['40', '100', '200']).map(Number);
  const builds = args.list('builds', ['16:64', '16:128', '32:64', '32:128']).map((b) => b.split(':').map(Number) as [number, number]);
  const pool = rawPool(args.databaseUrl, 1);
  console.log(
    `HNSW build and ef_search vs recall@10 (service SQL, LIMIT k+${SERVICE_TUNING.extra}, relaxed_order iterative scan); ${loadLine()}`,
  );
  const cases = await hnswCases(pool, args.number('per-band', 60));
  console.log(
    `${cases.length} queries that take the HNSW plan (unfiltered, and state / role filters matching > ${EXACT_SCAN_MAX_ROWS} rows)`,
  );
  try {
    await measure(pool, 'workers (live index)', 'workers', cases, efs);
    await pool.query(`DROP TABLE IF EXISTS ${TABLE}`);
    await pool.query(
      `CREATE TABLE ${TABLE} AS SELECT id, name, role, city, state, skills, certifications, rating, status, embedding FROM workers ORDER BY id`,
    );
    await pool.query(`CREATE INDEX ON ${TABLE} (state, lower(city), lower(role))`);
    await pool.query(`VACUUM (ANALYZE) ${TABLE}`);
    for (const [m, efConstruction] of builds) {
      console.log(`m=${m}, ef_construction=${efConstruction}: ${await build(pool, m, efConstruction)}; ${loadLine()}`);
      await pool.query(`ANALYZE ${TABLE}`);
      await measure(pool, `copy m=${m} ef_c=${efConstruction}`, TABLE, cases, efs);
    }
  } finally {
    if (!args.has('keep')) await pool.query(`DROP TABLE IF EXISTS ${TABLE}`);
    console.log(loadLine());
    await pool.end();
  }
});
