// Exact scan vs filtered HNSW walk by size of the filtered subset: the figures behind planner.ts EXACT_SCAN_MAX_ROWS.
// Runs the service's two candidate statements back to back, one client, on filters from 1 in ~2,000 to 1 in 10.
// npx tsx bench/search-plans.ts [--database-url ...] [--queries 30]
import type pg from 'pg';
import { runMain } from '../src/cli/runtime.ts';
import { createHashEmbedder } from '../src/embed/hash.ts';
import { normalizeSearch, SearchRequest } from '../src/matrix/request.ts';
import { countMatching, exactCandidates, filterConditions, hnswCandidates } from '../src/matrix/searchRepository.ts';
import { vectorLiteral } from '../src/db/vector.ts';
import { benchArgs } from './lib/args.ts';
import { SERVICE_TUNING } from './lib/candidates.ts';
import { capturedStatements, rawPool, type Statement, withParam } from './lib/pg.ts';
import { loadQueryTexts, type SearchBody } from './lib/queries.ts';
import { latency, loadLine, ms } from './lib/stats.ts';

const VECTOR = '<query vector>';
const K = 10;

/** Filters whose active subsets span the planner's decision: found in the data, not assumed. */
async function subsets(pool: pg.Pool): Promise<SearchBody['filters'][]> {
  const pick = async (text: string) => (await pool.query(text)).rows[0];
  const sr = await pick(`SELECT state, role FROM workers WHERE status = 'active' GROUP BY 1, 2 ORDER BY abs(count(*) - 50) LIMIT 1`);
  const s1 = await pick(`SELECT state FROM workers WHERE status = 'active' GROUP BY 1 ORDER BY abs(count(*) - 1000) LIMIT 1`);
  const s2 = await pick(`SELECT state FROM workers WHERE status = 'active' GROUP BY 1 ORDER BY abs(count(*) - 2500) LIMIT 1`);
  const r1 = await pick(`SELECT role FROM workers WHERE status = 'active' GROUP BY 1 ORDER BY abs(count(*) - 4000) LIMIT 1`);
  const s3 = await pick(`SELECT state FROM workers WHERE status = 'active' GROUP BY 1 ORDER BY abs(count(*) - 6000) LIMIT 1`);
  const r2 = await pick(`SELECT role FROM workers WHERE status = 'active' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
  const s4 = await pick(`SELECT state FROM workers WHERE status = 'active' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
  return [
    { state: sr.state, role: sr.role },
    { state: s1.state },
    { state: s2.state },
    { role: r1.role },
    { state: s3.state },
    { role: r2.role },
    { state: s4.state },
  ];
}

/** Whether PostgreSQL's planner actually walks the HNSW index for this statement (it may prefer btree + sort). */
async function walksHnsw(pool: pg.Pool, st: Statement, vector: string): Promise<boolean> {
  const bound = withParam(st, VECTOR, vector);
  return JSON.stringify((await pool.query(`EXPLAIN (FORMAT JSON) ${bound.text}`, bound.params)).rows[0]).includes('_hnsw');
}

async function timeAll(pool: pg.Pool, st: Statement, vectors: string[]): Promise<number[]> {
  const out: number[] = [];
  for (const v of vectors) {
    const bound = withParam(st, VECTOR, v);
    const t = performance.now();
    await pool.query(bound.text, bound.params);
    out.push(performance.now() - t);
  }
  return out;
}

runMain(async () => {
  const args = benchArgs();
  const pool = rawPool(args.databaseUrl, 1);
  const embedder = createHashEmbedder();
  const queries = args.number('queries', 30);
  console.log(`exact vs HNSW candidate SQL by filtered subset size, ${queries} queries each, 1 client; ${loadLine()}`);
  console.log('filter                                   active rows | exact p50    p99 | "hnsw" SQL (LIMIT k+20) p50    p99  walks HNSW');
  for (const filters of await subsets(pool)) {
    const search = normalizeSearch(SearchRequest.parse({ query: 'plans', k: K, filters }));
    const cond = filterConditions(search.filters, search.exclude);
    const [exact] = await capturedStatements((db) => exactCandidates(db, VECTOR, cond, K));
    const [hnsw] = await capturedStatements((db) => hnswCandidates(db, VECTOR, cond, K + SERVICE_TUNING.extra));
    // A role filter comes with queries for that role, as coordinators write them.
    const vectors = (await embedder.embed(loadQueryTexts(queries, 23, filters.role))).map(vectorLiteral);
    const [count] = await capturedStatements((db) => countMatching(db, cond, 1_000_000));
    const {
      rows: [{ n }],
    } = await pool.query(count.text, count.params);
    await timeAll(pool, exact, vectors.slice(0, 5));
    const e = latency(await timeAll(pool, exact, vectors));
    const h = latency(await timeAll(pool, hnsw, vectors));
    const walks = await walksHnsw(pool, hnsw, vectors[0]);
    console.log(
      `${JSON.stringify(filters).padEnd(40)} ${String(n).padStart(11)} | ${ms(e.p50).padStart(9)} ${ms(e.p99).padStart(6)} | ${ms(h.p50).padStart(27)} ${ms(h.p99).padStart(6)}  ${walks ? 'yes' : 'no (btree + sort)'}`,
    );
  }
  console.log(loadLine());
  await pool.end();
});
