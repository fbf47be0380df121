/**
 * Relevance of /v1/matrix/search on coordinator queries: P@5 and nDCG@10 per
 * query type, graded from the bench's own copy of the corpus it loaded.
 * Works against any running service over HTTP, so one script measures the
 * search before and after a rewrite. See bench/README.md "Relevance".
 *
 *   npx tsx bench/relevance.ts [--url http://127.0.0.1:3000] [--workers 20000] [--seed 42]
 *                              [--no-load] [--k 10] [--verbose] [--json]
 */
import { PLACES } from '../src/demo/places.ts';
import { parseFlags } from '../src/cli/runtime.ts';
import { requireService } from './lib/http.ts';
import { buildCorpus, type RelCorpus } from './lib/relevanceCorpus.ts';
import { QUERY_TYPES, scoreQuery, summarize, truthOf, type Figures, type QueryScore } from './lib/relevanceGrade.ts';
import { loadGeo } from './lib/relevancePlaces.ts';
import { buildQueries, README_QUERY } from './lib/relevanceQueries.ts';
import { checkCorpus, loadCorpus, search } from './lib/relevanceService.ts';

const FLAGS = new Set(['url', 'workers', 'seed', 'no-load', 'k', 'verbose', 'json']);

function options(argv: string[]) {
  const flags = parseFlags(argv);
  for (const name of flags.keys())
    if (!FLAGS.has(name)) throw new Error(`unknown flag --${name} (known: ${[...FLAGS].map((f) => `--${f}`).join(' ')})`);
  const int = (name: string, fallback: number, min: number, max: number) => {
    const raw = flags.get(name);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer in [${min}, ${max}], got ${raw}`);
    return n;
  };
  return {
    url: (flags.get('url') ?? 'http://127.0.0.1:3000').replace(/\/$/, ''),
    workers: int('workers', 20_000, 1_000, 999_999),
    seed: int('seed', 42, 0, 2 ** 31 - 1),
    k: int('k', 10, 5, 100),
    load: !flags.has('no-load'),
    verbose: flags.has('verbose'),
    json: flags.has('json'),
  };
}

const log = (line = '') => process.stdout.write(`${line}\n`);
const fmt = (x: number) => (Number.isNaN(x) ? '-' : x.toFixed(3));

/** "Lift Truck Operator / Ft. Worth TX": the bench's own row, as uploaded. */
function describe(corpus: RelCorpus, id: string): string {
  const w = corpus.byId.get(id);
  return w
    ? `${w.row.role} / ${w.row.city} ${w.row.state}${w.row.status === 'active' ? '' : ' (inactive)'}`
    : `? ${id} (not in the corpus)`;
}

function table(rows: Figures[]): string[] {
  const strict = (f: Figures) => `${fmt(f.p5Strict)}${f.strictSkipped ? ` (${f.strictSkipped} skipped)` : ''}`;
  return [
    '| type | n | P@5 strict | P@5 role+place | nDCG@10 |',
    '|---|---|---|---|---|',
    ...rows.map(
      (f) => `| ${f.type === 'overall' ? '**overall**' : f.type} | ${f.n} | ${strict(f)} | ${fmt(f.p5RolePlace)} | ${fmt(f.ndcg)} |`,
    ),
  ];
}

async function main(): Promise<void> {
  const opt = options(process.argv.slice(2));
  await requireService(opt.url);

  let started = Date.now();
  const corpus = buildCorpus(opt.workers, opt.seed);
  const truth = truthOf(corpus, await loadGeo());
  const queries = buildQueries(truth, opt.seed);
  const perType = QUERY_TYPES.map((t) => `${t} ${queries.filter((q) => q.type === t).length}`).join(', ');
  log(
    `corpus: ${corpus.workers.length.toLocaleString('en-US')} workers (seed ${opt.seed}); ${queries.length} queries (${perType}); built in ${Date.now() - started} ms`,
  );

  const state = await checkCorpus(opt.url, corpus);
  if (state.kind === 'loaded') log(`service at ${opt.url} already holds exactly this corpus: not loading`);
  else if (!opt.load)
    throw new Error(
      `--no-load, but the service at ${opt.url} holds ${state.kind === 'empty' ? 'no workers' : `only part of this corpus (${state.missing.length} missing)`}`,
    );
  else {
    started = Date.now();
    await loadCorpus(opt.url, corpus, state.kind === 'partial' ? state.missing : undefined);
    log(
      `loaded ${state.kind === 'partial' ? `${state.missing.length} missing` : corpus.workers.length.toLocaleString('en-US')} workers in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }

  const scores: QueryScore[] = [];
  const interpretations = new Map<string, unknown>();
  const took: number[] = [];
  for (const [i, q] of queries.entries()) {
    const outcome = await search(opt.url, q.text, opt.k);
    took.push(outcome.tookMs);
    if (outcome.interpretation !== undefined) interpretations.set(q.text, outcome.interpretation);
    scores.push(scoreQuery(truth, q, outcome.ids, opt.k));
    if (!opt.json || process.stderr.isTTY) process.stderr.write(`\rsearching: ${i + 1}/${queries.length}`);
  }
  process.stderr.write('\n');

  const rows = [
    ...QUERY_TYPES.map((t) =>
      summarize(
        t,
        scores.filter((s) => s.query.type === t),
      ),
    ),
    summarize('overall', scores),
  ];
  took.sort((a, b) => a - b);
  log();
  log(`${opt.url}, k=${opt.k}, ${queries.length} queries, search p50 ${took[Math.floor(took.length / 2)].toFixed(0)} ms`);
  log();
  for (const line of table(rows)) log(line);

  const readme = scores.find((s) => s.query.text === README_QUERY)!;
  const readmeCities = readme.ids.slice(0, 5).map((id) => {
    const w = corpus.byId.get(id);
    return w ? `${PLACES[w.place].city} ${PLACES[w.place].state}` : `? ${id}`;
  });
  log();
  log(
    `readme "${README_QUERY}": top-5 cities ${readmeCities.join(', ') || '(no results)'}; grades ${readme.grades.slice(0, 5).join(' ')}` +
      ` (${readme.n3} perfect answers exist)`,
  );

  const worst = [...scores].sort((a, b) => a.ndcg - b.ndcg || (a.p5Strict ?? 1) - (b.p5Strict ?? 1)).slice(0, 10);
  log();
  log('worst 10 queries (by nDCG@10):');
  for (const s of worst) {
    log(`  [${s.query.type}] "${s.query.text}"  P@5 strict ${s.p5Strict === null ? '-' : fmt(s.p5Strict)}, nDCG ${fmt(s.ndcg)}`);
    log(
      `      wanted: ${s.query.intent.roles.join(' | ')} / ${JSON.stringify(s.query.intent.place)}` +
        `${s.query.intent.certifications.length ? ` + ${s.query.intent.certifications.join(', ')}` : ''}${s.query.intent.shifts.length ? ` + ${s.query.intent.shifts.join(', ')}` : ''}`,
    );
    log(
      `      got:    ${
        s.ids
          .slice(0, 3)
          .map((id) => describe(corpus, id))
          .join('; ') || '(no results)'
      }`,
    );
    if (opt.verbose && interpretations.has(s.query.text)) log(`      understood: ${JSON.stringify(interpretations.get(s.query.text))}`);
  }
  const unknown = scores.reduce((n, s) => n + s.unknownIds, 0);
  if (unknown) log(`\n${unknown} returned ids are not in the bench's corpus (graded 0)`);
  if (opt.verbose && interpretations.size === 0) log('\n(the service returns no interpretation)');

  if (opt.json) {
    log(
      JSON.stringify({
        url: opt.url,
        workers: opt.workers,
        seed: opt.seed,
        k: opt.k,
        queries: queries.length,
        figures: rows,
        readme: { query: README_QUERY, top5Cities: readmeCities, grades: readme.grades },
        worst: worst.map((s) => ({
          type: s.query.type,
          query: s.query.text,
          p5Strict: s.p5Strict,
          ndcg: s.ndcg,
          top3: s.ids.slice(0, 3).map((id) => describe(corpus, id)),
        })),
      }),
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`\n${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
