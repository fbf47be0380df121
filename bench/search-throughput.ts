// Uncached search throughput through the service vs raw pgvector running the same SQL, plus cache-hit latency.
// npx tsx bench/search-throughput.ts [--url ...] [--database-url ...] [--connections 8] [--seconds 20]
//   [--states TX,MI] [--rounds 1] [--latency-seconds 10] [--service-pid N (adds the service's CPU per request)]
import type pg from 'pg';
import { runMain } from '../src/cli/runtime.ts';
import { createHashEmbedder } from '../src/embed/hash.ts';
import { choosePlan, EXACT_SCAN_MAX_ROWS, isSelective } from '../src/matrix/planner.ts';
import { normalizeSearch, SearchRequest } from '../src/matrix/request.ts';
import { countMatching, exactCandidates, filterConditions, hnswCandidates } from '../src/matrix/searchRepository.ts';
import { vectorLiteral } from '../src/db/vector.ts';
import { benchArgs } from './lib/args.ts';
import { SERVICE_TUNING } from './lib/candidates.ts';
import { requestJson, requireService, type SearchAnswer } from './lib/http.ts';
import { loadRun, type LoadResult, type LoadSpec } from './lib/load.ts';
import { capturedStatements, rawPool, type Statement, withParam } from './lib/pg.ts';
import { loadQueryTexts, runNumber, type SearchBody, uniqueMarks } from './lib/queries.ts';
import { describeLatency, latency, type Latency, loadLine, processCpuMs } from './lib/stats.ts';

const K = 10;
const VECTOR = '<query vector>';
const QUERY_TEXTS = 2_000;

interface Shape {
  name: string;
  filters: SearchBody['filters'];
}
interface RawStatements {
  count?: Statement;
  hnsw: Statement;
  exact: Statement;
}

/** The statements search.ts sends for a request of this shape, as the SQL text and parameters the service's driver sends. */
async function serviceStatements(shape: Shape): Promise<RawStatements> {
  const search = normalizeSearch(SearchRequest.parse({ query: 'shape', k: K, filters: shape.filters }));
  const cond = filterConditions(search.filters, search.exclude);
  const [count] = isSelective(search.filters, search.exclude.length)
    ? await capturedStatements((db) => countMatching(db, cond, EXACT_SCAN_MAX_ROWS + 1))
    : [];
  const [hnsw] = await capturedStatements((db) => hnswCandidates(db, VECTOR, cond, K + SERVICE_TUNING.extra));
  const [exact] = await capturedStatements((db) => exactCandidates(db, VECTOR, cond, K));
  return { count, hnsw, exact };
}

/** One request's database work, decided like search.ts candidatesFor (count -> plan -> SQL, short HNSW answer completed exactly). */
async function rawSearch(pool: pg.Pool, s: RawStatements, vector: string): Promise<void> {
  const run = (st: Statement) => {
    const bound = withParam(st, VECTOR, vector);
    return pool.query(bound.text, bound.params);
  };
  const matching = s.count ? ((await pool.query(s.count.text, s.count.params)).rows[0].n as number) : undefined;
  if (choosePlan(matching) === 'exact') {
    await run(s.exact);
    return;
  }
  if ((await run(s.hnsw)).rowCount! < K) await run(s.exact);
}

/** `connections` workers issuing requests back to back for `seconds`; vectors were embedded before the clock started. */
async function rawRun(
  pool: pg.Pool,
  s: RawStatements,
  vectors: string[],
  connections: number,
  seconds: number,
): Promise<{ qps: number; latency: Latency; clientCpuMs: number }> {
  const until = performance.now() + seconds * 1000;
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        await rawSearch(pool, s, vectors[next++ % vectors.length]);
        times.push(performance.now() - t);
      }
    }),
  );
  const used = process.cpuUsage(cpu);
  return {
    qps: times.length / ((performance.now() - started) / 1000),
    latency: latency(times),
    clientCpuMs: (used.user + used.system) / 1000 / times.length,
  };
}

// Every request of the run gets its own punctuation suffix: a miss in both caches, the clean text's vector.
let serial = (runNumber() % 1_000_000) * 100_000_000;
const bodyOf =
  (texts: string[], filters: SearchBody['filters']) =>
  (i: number): SearchBody => ({ query: `${texts[i % texts.length]}${uniqueMarks(serial++)}`, k: K, filters });

/** An autocannon run, with the CPU it cost per request: the service's (when its pid is known) and the load generator's. */
async function serviceRun(spec: LoadSpec, servicePid?: number): Promise<LoadResult & { cpu: string }> {
  const before = servicePid ? processCpuMs(servicePid) : undefined;
  const mine = process.cpuUsage();
  const r = await loadRun(spec);
  const after = servicePid ? processCpuMs(servicePid) : undefined;
  const gen = process.cpuUsage(mine);
  const svc = before !== undefined && after !== undefined ? `service ${((after - before) / r.ok).toFixed(2)} ms, ` : '';
  return { ...r, cpu: `CPU per request: ${svc}autocannon ${((gen.user + gen.system) / 1000 / r.ok).toFixed(2)} ms` };
}

function printService(label: string, r: LoadResult & { cpu: string }): void {
  const bad =
    r.non2xx || r.errors || r.timeouts
      ? ` — non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts} ${JSON.stringify(r.statuses)}`
      : '';
  console.log(`  ${label}: ${r.qps.toFixed(1)} q/s; ${describeLatency(r.latency)}; ${r.cpu}${bad}`);
}

runMain(async () => {
  const args = benchArgs();
  const connections = args.number('connections', 8);
  const seconds = args.number('seconds', 20);
  const latencySeconds = args.number('latency-seconds', 10);
  const rounds = args.number('rounds', 1);
  const servicePid = args.has('service-pid') ? args.number('service-pid', 0) : undefined;
  const shapes: Shape[] = [
    { name: 'no filters', filters: {} },
    ...args.list('states', ['TX', 'MI']).map((state) => ({ name: `state=${state}`, filters: { state } })),
  ];
  await requireService(args.url);
  const texts = loadQueryTexts(QUERY_TEXTS, 11);
  const embedder = createHashEmbedder();
  const vectors = (await embedder.embed(texts)).map(vectorLiteral);
  const pool = rawPool(args.databaseUrl, connections);
  const url = args.url;
  console.log(`search throughput: ${connections} connections, ${seconds} s per side, k=${K}, every query distinct; ${loadLine()}`);

  for (const shape of shapes) {
    const statements = await serviceStatements(shape);
    console.log(
      `\n${shape.name} (raw SQL: ${statements.count ? 'count, then ' : ''}${statements.hnsw.text.replace(/\s+/g, ' ').slice(0, 140)}...)`,
    );
    await rawRun(pool, statements, vectors, connections, 3);
    for (let round = 1; round <= rounds; round++) {
      const raw = await rawRun(pool, statements, vectors, connections, seconds);
      console.log(
        `  raw pgvector (pg Pool, same SQL and settings): ${raw.qps.toFixed(1)} q/s; ${describeLatency(raw.latency)}; client CPU ${raw.clientCpuMs.toFixed(2)} ms/query; ${loadLine()}`,
      );
      const service = await serviceRun(
        { url, path: '/v1/matrix/search', connections, seconds, body: bodyOf(texts, shape.filters) },
        servicePid,
      );
      printService('service, uncached (autocannon)', service);
      console.log(`  ratio service/raw = ${(service.qps / raw.qps).toFixed(3)} (target >= 0.8); ${loadLine()}`);
    }
  }

  console.log(`\nlatency, no filters (${latencySeconds} s per run):`);
  const raw1 = await rawRun(pool, await serviceStatements(shapes[0]), vectors, 1, latencySeconds);
  console.log(`  raw pgvector, 1 connection: ${describeLatency(raw1.latency)}`);
  printService(
    'uncached search, 1 connection',
    await serviceRun({ url, path: '/v1/matrix/search', connections: 1, seconds: latencySeconds, body: bodyOf(texts, {}) }, servicePid),
  );
  const fixed: SearchBody = { query: `${texts[0]}${uniqueMarks(serial++)}`, k: K, filters: {} };
  await requestJson(`${url}/v1/matrix/search`, { body: fixed });
  for (const c of [1, connections]) {
    printService(
      `result-cache hit, ${c} connection(s)`,
      await serviceRun({ url, path: '/v1/matrix/search', connections: c, seconds: latencySeconds, body: () => fixed }, servicePid),
    );
  }
  const after = await requestJson<SearchAnswer>(`${url}/v1/matrix/search`, { body: fixed });
  console.log(`  (a request after the cache-hit runs was served with cache.results=${after.cache.results})`);
  console.log(loadLine());
  await pool.end();
});
