/**
 * The bench's only contact with the service: the public HTTP API, so the same
 * script measures any version of the search. Loads the corpus, checks that a
 * service's corpus is exactly the bench's, and runs searches (ids only).
 */
import type { Worker } from '../../src/workers/worker.ts';
import { requestJson } from './http.ts';
import { relevanceId, rowDifference, type CheckedRow, type RelCorpus } from './relevanceCorpus.ts';

const BATCH = 1000;
const IN_FLIGHT = 4;

/** GET that answers undefined on 404 (a probe id that is not there). */
async function getOrMissing<T>(url: string): Promise<T | undefined> {
  const res = await fetch(url);
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`GET ${url} -> ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}

function refuse(base: string, why: string): never {
  throw new Error(
    `the service at ${base} holds a different corpus: ${why}.\n` +
      "Grades come from the bench's own copy of the rows, so they would be wrong. Start the service on a fresh database " +
      "(psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE sm_rel_x'), or pass the --workers and --seed it was loaded with.",
  );
}

export type CorpusState = { kind: 'empty' } | { kind: 'loaded' } | { kind: 'partial'; missing: string[] };

/**
 * Empty, exactly this corpus, or a subset of it (an interrupted load). Anything
 * else is refused: a first page and probe ids fail fast, then every stored row is
 * compared with the bench's copy (CHECKED_FIELDS).
 */
export async function checkCorpus(base: string, corpus: RelCorpus): Promise<CorpusState> {
  const first = await requestJson<{ workers: CheckedRow[] }>(`${base}/v1/workers?limit=1`);
  if (first.workers.length === 0) return { kind: 'empty' };
  const expect = (row: CheckedRow) => {
    const mine = corpus.byId.get(row.id);
    if (!mine) refuse(base, `it has worker ${row.id}, which this corpus (${corpus.workers.length} workers, seed ${corpus.seed}) does not`);
    const difference = rowDifference(row, mine.row);
    if (difference) refuse(base, `worker ${row.id} differs: ${difference} (another --seed, or another version of the corpus?)`);
  };
  expect(first.workers[0]);
  const beyond = relevanceId(corpus.workers.length + 1);
  if (await getOrMissing(`${base}/v1/workers/${beyond}`)) {
    refuse(base, `it has ${beyond}, so it was loaded with more than --workers ${corpus.workers.length}`);
  }
  const present = new Set<string>();
  let cursor: string | null = null;
  do {
    const page: { workers: CheckedRow[]; next_cursor: string | null } = await requestJson(
      `${base}/v1/workers?limit=1000${cursor ? `&cursor=${cursor}` : ''}`,
    );
    for (const row of page.workers) {
      expect(row);
      present.add(row.id);
    }
    cursor = page.next_cursor;
  } while (cursor);
  if (present.size === corpus.workers.length) return { kind: 'loaded' };
  return { kind: 'partial', missing: corpus.workers.map((w) => w.row.id).filter((id) => !present.has(id)) };
}

/** Batch upserts, `IN_FLIGHT` at a time, with progress on stderr. */
export async function loadCorpus(base: string, corpus: RelCorpus, ids?: readonly string[]): Promise<void> {
  const rows = ids ? ids.map((id) => corpus.byId.get(id)!.row) : corpus.workers.map((w) => w.row);
  const batches: Worker[][] = [];
  for (let i = 0; i < rows.length; i += BATCH) batches.push(rows.slice(i, i + BATCH));
  const started = Date.now();
  let done = 0;
  let next = 0;
  const lane = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      await requestJson(`${base}/v1/workers/batch`, { body: { workers: batch } });
      done += batch.length;
      process.stderr.write(
        `\rloading workers: ${done.toLocaleString('en-US')}/${rows.length.toLocaleString('en-US')} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
      );
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, lane));
  process.stderr.write('\n');
}

export interface SearchOutcome {
  ids: string[];
  /** What the new search says it understood; absent from the old one. */
  interpretation?: unknown;
  tookMs: number;
}

export async function search(base: string, query: string, k: number): Promise<SearchOutcome> {
  const started = performance.now();
  const answer = await requestJson<{ results: { id: string }[]; interpretation?: unknown }>(`${base}/v1/matrix/search`, {
    body: { query, k },
  });
  return { ids: answer.results.map((r) => r.id), interpretation: answer.interpretation, tookMs: performance.now() - started };
}
