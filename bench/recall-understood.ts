// recall@10 of the service's answers against the exact ranking of the candidate set they came from,
// on the load harness's own query family (loadtest/queries.ts) and on rewordings of it: which plan
// answered (exact over a small understood set, or the HNSW walk of a large one) and how much it lost.
// npx tsx bench/recall-understood.ts [--url http://127.0.0.1:3000] [--database-url ...] [--queries 300] [--seed 9]
import { runMain } from '../src/cli/runtime.ts';
import { openDatabase } from '../src/db/open.ts';
import { createHashEmbedder } from '../src/embed/hash.ts';
import { EXACT_SCAN_MAX_ROWS } from '../src/matrix/planner.ts';
import { normalizeSearch, SearchRequest } from '../src/matrix/request.ts';
import { scoringFor, tiersFor } from '../src/matrix/retrieval.ts';
import { countMatching, filterConditions, scoredMatching } from '../src/matrix/searchRepository.ts';
import { vectorLiteral } from '../src/db/vector.ts';
import { CorpusVocabulary } from '../src/matrix/understanding/corpusVocabulary.ts';
import { interpretQuery } from '../src/matrix/understanding/interpret.ts';
import { queryPool } from '../loadtest/queries.ts';
import { benchArgs } from './lib/args.ts';
import { requestJson, requireService } from './lib/http.ts';
import { reworded, uniqueMarks } from './lib/queries.ts';
import { loadLine, mean } from './lib/stats.ts';

const K = 10;

runMain(async () => {
  const args = benchArgs();
  const n = args.number('queries', 300);
  await requireService(args.url);
  const database = await openDatabase({ databaseUrl: args.databaseUrl, dataDir: 'unused' });
  const vocab = await new CorpusVocabulary(database.db).get();
  const embedder = createHashEmbedder();
  const pool = queryPool(args.number('seed', 9));
  let serial = (Date.now() % 1_000_000) * 1000;
  console.log(`recall@10 of the service's answers vs the exact ranking of the same candidate set; ${n} queries per family; ${loadLine()}`);
  for (const family of ['harness', 'reworded'] as const) {
    const outcomes: { plan: string; recall: number }[] = [];
    for (let i = 0; i < n; i++) {
      const query = family === 'harness' ? pool.next() : reworded(pool.next());
      const search = normalizeSearch(SearchRequest.parse({ query, k: K }));
      const u = interpretQuery(search.query, vocab);
      const scoring = scoringFor(vectorLiteral((await embedder.embed([search.query]))[0]), u);
      const tiers = [...tiersFor(u, false, vocab)];
      // The tier the service answers from: the first with k workers (search.ts rankTier), counted the same way.
      let truth: string[] = [];
      let plan = 'exact';
      for (const [t, tier] of tiers.entries()) {
        const cond = filterConditions(search.filters, search.exclude, tier.scope);
        const matching = await countMatching(database.db, cond, EXACT_SCAN_MAX_ROWS + 1);
        if (matching < K && t < tiers.length - 1) continue;
        plan =
          matching > EXACT_SCAN_MAX_ROWS || (!tier.scope.roles && !tier.scope.state && !tier.scope.placeSets.length) ? 'hnsw' : 'exact';
        truth = (await scoredMatching(database.db, scoring, cond, K)).map((c) => c.id);
        break;
      }
      // Punctuation makes the request new to the result cache without changing its words.
      const answer = await requestJson<{ results: { id: string }[] }>(`${args.url}/v1/matrix/search`, {
        body: { query: `${query}${uniqueMarks(serial++)}`, k: K },
      });
      const got = new Set(answer.results.map((r) => r.id));
      outcomes.push({ plan, recall: truth.length ? truth.filter((id) => got.has(id)).length / truth.length : 1 });
    }
    const line = (plan: string, os: typeof outcomes) =>
      `${family.padEnd(9)} ${plan.padEnd(6)} n=${String(os.length).padStart(4)}  recall@10 ${mean(os.map((o) => o.recall)).toFixed(4)}  below 1.0: ${os.filter((o) => o.recall < 1).length}`;
    console.log(line('all', outcomes));
    for (const plan of ['exact', 'hnsw']) {
      const os = outcomes.filter((o) => o.plan === plan);
      if (os.length) console.log(line(plan, os));
    }
  }
  await database.close();
});
