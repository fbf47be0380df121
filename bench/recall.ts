// recall@10 of the live service's search against exact brute force on the same filters, per selectivity band.
// npx tsx bench/recall.ts [--url http://127.0.0.1:3300] [--database-url ...] [--per-band 60] [--seed 7] [--sweep] [--plain]
// --plain sends interpret: false: the plain semantic search, the approximate stage a request with nothing understood takes.
import { sql, type SQL } from 'drizzle-orm';
import { runMain } from '../src/cli/runtime.ts';
import { type Executor, rowsOf } from '../src/db/open.ts';
import { EmbeddingCache } from '../src/embed/cache.ts';
import { createHashEmbedder } from '../src/embed/hash.ts';
import { type NormalSearch, normalizeSearch, SearchRequest } from '../src/matrix/request.ts';
import { filterConditions } from '../src/matrix/searchRepository.ts';
import { vectorLiteral } from '../src/db/vector.ts';
import { benchArgs } from './lib/args.ts';
import { type RanPlan, SERVICE_TUNING, tunedSearch, type Tuning } from './lib/candidates.ts';
import { requestJson, requireService, type SearchAnswer } from './lib/http.ts';
import { serviceDatabase } from './lib/pg.ts';
import { type Band, BANDS, benchQueries, runNumber } from './lib/queries.ts';
import { loadLine, mean, ms, percentile } from './lib/stats.ts';

interface Truth {
  ids: string[];
  lastDistance: number;
  matching: number;
}
interface Case {
  band: Band;
  search: NormalSearch;
  vector: string;
  truth: Truth;
}
interface Outcome {
  band: Band;
  plan: RanPlan;
  recall: number;
  tieRecall: number;
  matching: number;
  tookMs: number;
}

const TIE_EPSILON = 1e-6;

/** Exact top k over the filtered rows: the HNSW index is switched off, ties broken by id. */
async function exactTruth(db: Executor, cond: SQL | undefined, vector: string, k: number): Promise<Truth> {
  const where = cond ? sql`WHERE ${cond}` : sql``;
  return db.transaction(async (tx) => {
    await tx.execute(sql`SET LOCAL enable_indexscan = off`);
    const top = await rowsOf<{ id: string; distance: number }>(
      tx,
      sql`SELECT id, embedding <=> ${vector}::vector AS distance FROM workers ${where} ORDER BY 2, id LIMIT ${k}`,
    );
    const [{ n }] = await rowsOf<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM workers ${where}`);
    return { ids: top.map((r) => r.id), lastDistance: Number(top.at(-1)?.distance ?? 2), matching: n };
  });
}

/** |found ∩ exact| / |exact|; the tie-aware figure also accepts a hit exactly as close as the k-th exact one. */
function recallOf(found: { id: string; similarity?: number }[], truth: Truth): { recall: number; tieRecall: number } {
  if (!truth.ids.length) return { recall: 1, tieRecall: 1 };
  const exact = new Set(truth.ids);
  const hits = found.filter((h) => exact.has(h.id)).length;
  const ties = found.filter(
    (h) => !exact.has(h.id) && h.similarity !== undefined && h.similarity >= 1 - truth.lastDistance - TIE_EPSILON,
  ).length;
  return { recall: hits / truth.ids.length, tieRecall: Math.min(1, (hits + ties) / truth.ids.length) };
}

function bandRow(band: string, plan: string, os: Outcome[]): string {
  const r = os.map((o) => o.recall);
  return [
    band.padEnd(11),
    plan.padEnd(12),
    String(os.length).padStart(3),
    mean(r).toFixed(4).padStart(9),
    Math.min(...r)
      .toFixed(2)
      .padStart(5),
    String(r.filter((x) => x < 1).length).padStart(5),
    mean(os.map((o) => o.tieRecall))
      .toFixed(4)
      .padStart(9),
    String(
      percentile(
        os.map((o) => o.matching),
        50,
      ),
    ).padStart(14),
    mean(os.map((o) => o.tookMs))
      .toFixed(1)
      .padStart(16),
  ].join(' ');
}

/** Each band as a whole, then split by the plan that ran. */
function printBands(outcomes: Outcome[]): void {
  console.log('band        plan           n recall@10   min  <1.0 tie-aware matching rows service took_ms');
  console.log('                                                             (median)          (mean)');
  for (const band of BANDS) {
    const inBand = outcomes.filter((o) => o.band === band);
    console.log(bandRow(band, 'all', inBand));
    for (const plan of new Set(inBand.map((o) => o.plan)))
      console.log(
        bandRow(
          '',
          plan,
          inBand.filter((o) => o.plan === plan),
        ),
      );
  }
}

const t = (efSearch: number, extra: number, exactMaxRows: number): Tuning => ({ efSearch, extra, exactMaxRows });
const SWEEP: Tuning[] = [
  t(40, 20, 3_000),
  t(100, 0, 3_000),
  t(100, 20, 3_000),
  t(100, 50, 3_000),
  t(200, 20, 3_000),
  t(400, 20, 3_000),
  t(100, 20, 1_000),
  t(100, 20, 10_000),
  t(200, 20, 10_000),
  t(400, 20, 10_000),
];

/** Recall per band of the bench's replica of the candidate step under other settings (truth reused). */
async function sweep(db: Executor, cases: Case[]): Promise<void> {
  console.log(
    `\nsweep (bench replica of search.ts candidatesFor: same SQL, ef_search by SET LOCAL; service today = ${SERVICE_TUNING.efSearch} ${SERVICE_TUNING.extra} ${SERVICE_TUNING.exactMaxRows}):`,
  );
  console.log(`ef_search extra exact_max | ${BANDS.map((b) => b.padStart(10)).join(' ')} | exact plans | ms/query p50   p99`);
  for (const tuning of SWEEP) {
    const perBand = new Map<Band, number[]>(BANDS.map((b) => [b, []]));
    const times: number[] = [];
    let exactPlans = 0;
    for (const c of cases) {
      const started = performance.now();
      const { ids, plan } = await tunedSearch(db, c.search, c.vector, tuning);
      times.push(performance.now() - started);
      if (plan !== 'hnsw') exactPlans++;
      perBand.get(c.band)!.push(
        recallOf(
          ids.map((id) => ({ id })),
          c.truth,
        ).recall,
      );
    }
    const row = BANDS.map((b) => mean(perBand.get(b)!).toFixed(4).padStart(10)).join(' ');
    console.log(
      `${String(tuning.efSearch).padStart(9)} ${String(tuning.extra).padStart(5)} ${String(tuning.exactMaxRows).padStart(9)} | ${row} | ${String(exactPlans).padStart(4)}/${cases.length}    | ${ms(percentile(times, 50)).padStart(12)} ${ms(percentile(times, 99)).padStart(6)}`,
    );
  }
}

runMain(async () => {
  const args = benchArgs();
  const perBand = args.number('per-band', 60);
  await requireService(args.url);
  const database = await serviceDatabase(args.databaseUrl);
  const embeddings = new EmbeddingCache(createHashEmbedder());
  const queries = benchQueries(perBand, args.number('seed', 7), runNumber());
  console.log(
    `recall@10: ${queries.length} queries (${perBand} per band) against ${args.url}, exact truth from ${args.databaseUrl}; ${loadLine()}`,
  );

  const cases: Case[] = [];
  const outcomes: Outcome[] = [];
  let cacheHits = 0;
  let replicaAgrees = 0;
  for (const q of queries) {
    const body = args.has('plain') ? { ...q.body, interpret: false } : q.body;
    const answer = await requestJson<SearchAnswer>(`${args.url}/v1/matrix/search`, { body });
    if (answer.cache.results === 'hit') cacheHits++;
    const search = normalizeSearch(SearchRequest.parse(body));
    const vector = vectorLiteral((await embeddings.get(search.query)).vector);
    const truth = await exactTruth(database.db, filterConditions(search.filters, search.exclude), vector, search.k);
    // The plan is not in the HTTP answer: the replica derives it, and must return the very same ids.
    const replica = await tunedSearch(database.db, search, vector, SERVICE_TUNING);
    if (replica.ids.join() === answer.results.map((h) => h.id).join()) replicaAgrees++;
    cases.push({ band: q.band, search, vector, truth });
    outcomes.push({
      band: q.band,
      plan: replica.plan,
      ...recallOf(answer.results, truth),
      matching: truth.matching,
      tookMs: answer.took_ms,
    });
  }

  printBands(outcomes);
  const overall = mean(outcomes.map((o) => o.recall));
  const worst = Math.min(...BANDS.map((b) => mean(outcomes.filter((o) => o.band === b).map((o) => o.recall))));
  console.log(
    `overall recall@10 ${overall.toFixed(4)}; lowest band ${worst.toFixed(4)} (target >= 0.95: ${worst >= 0.95 ? 'met' : 'NOT met'})`,
  );
  console.log(
    `result-cache hits ${cacheHits}/${queries.length} (must be 0); plan replica returned the service's ids for ${replicaAgrees}/${queries.length}`,
  );
  if (args.has('sweep')) await sweep(database.db, cases);
  console.log(loadLine());
  await database.close();
});
