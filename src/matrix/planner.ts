import type { NormalFilters } from './request.ts';

export type Plan = 'hnsw' | 'exact';

/**
 * Below this many matching workers an exact scan of the filtered subset beats
 * a filtered HNSW walk, and it is always complete (see bench/search-plans.ts
 * for the figures that set it).
 */
export const EXACT_SCAN_MAX_ROWS = 3_000;

/** Filters beyond the default status=active that could make HNSW walk far to find k rows. */
export function isSelective(f: NormalFilters, excluded: number): boolean {
  return Boolean(
    f.state ||
      f.city ||
      f.role ||
      f.skills.length ||
      f.certifications.length ||
      f.min_rating !== undefined ||
      f.status === 'inactive' ||
      excluded > 0,
  );
}

/** HNSW unless the filtered subset is small enough to rank exactly. */
export function choosePlan(matching: number | undefined): Plan {
  return matching !== undefined && matching <= EXACT_SCAN_MAX_ROWS ? 'exact' : 'hnsw';
}
