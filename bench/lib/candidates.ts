import { sql } from 'drizzle-orm';
import { type Executor, SESSION_SETTINGS } from '../../src/db/open.ts';
import { EXACT_SCAN_MAX_ROWS, isSelective } from '../../src/matrix/planner.ts';
import type { NormalSearch } from '../../src/matrix/request.ts';
import { type Candidate, countMatching, exactCandidates, filterConditions, hnswCandidates } from '../../src/matrix/searchRepository.ts';

/** The knobs of the service's candidate step that recall depends on. */
export interface Tuning {
  efSearch: number;
  extra: number;
  exactMaxRows: number;
}

/** What the service runs today: db/open.ts ef_search, search.ts HNSW_EXTRA (not exported), planner.ts threshold. */
export const SERVICE_TUNING: Tuning = {
  efSearch: Number(SESSION_SETTINGS['hnsw.ef_search']),
  extra: 20,
  exactMaxRows: EXACT_SCAN_MAX_ROWS,
};

export type RanPlan = 'hnsw' | 'exact' | 'hnsw->exact';

/** Ids of the k nearest candidates, ties by id: the order of a plain vector search (no understanding, no boosts). */
export function nearestFirst(candidates: Candidate[], k: number): string[] {
  return [...new Map(candidates.map((c) => [c.id, c])).values()]
    .sort((a, b) => Number(a.distance) - Number(b.distance) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, k)
    .map((c) => c.id);
}

/**
 * The service's plain vector stage (search.ts with nothing understood) with the knobs as parameters, built
 * from the service's own repository functions (same SQL), so a setting can be
 * measured before src/ changes. With SERVICE_TUNING it returns the service's ids.
 */
export async function tunedSearch(
  db: Executor,
  search: NormalSearch,
  vector: string,
  t: Tuning,
): Promise<{ plan: RanPlan; ids: string[] }> {
  const cond = filterConditions(search.filters, search.exclude);
  const matching = isSelective(search.filters, search.exclude.length) ? await countMatching(db, cond, t.exactMaxRows + 1) : undefined;
  const exact = async () => nearestFirst(await exactCandidates(db, vector, cond, search.k), search.k);
  if (matching !== undefined && matching <= t.exactMaxRows) return { plan: 'exact', ids: await exact() };
  const candidates = await db.transaction(async (tx) => {
    await tx.execute(sql.raw(`SET LOCAL hnsw.ef_search = ${Math.trunc(t.efSearch)}`));
    return hnswCandidates(tx, vector, cond, search.k + t.extra);
  });
  if (candidates.length < search.k) return { plan: 'hnsw->exact', ids: await exact() };
  return { plan: 'hnsw', ids: nearestFirst(candidates, search.k) };
}
