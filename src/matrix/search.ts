import type { Database } from '../db/open.ts';
import type { EmbeddingCache } from '../embed/cache.ts';
import { type Plan, choosePlan, EXACT_SCAN_MAX_ROWS, isSelective } from './planner.ts';
import { playbookBoosts } from './playbooks.ts';
import { normalizeSearch, type NormalSearch, searchKey, type SearchRequest } from './request.ts';
import type { ResultCache } from './resultCache.ts';
import {
  type Candidate, candidatesByIds, countMatching, exactCandidates, filterConditions, hnswCandidates, vectorLiteral,
} from './searchRepository.ts';

export interface Hit {
  id: string; name: string; role: string; city: string; state: string;
  skills: string[]; certifications: string[]; rating: number | null;
  score: number; similarity: number; playbook_boost: number;
}

export interface SearchAnswer {
  results: Hit[];
  cache: { embedding: 'hit' | 'miss'; results: 'hit' | 'miss' };
  took_ms: number;
  plan: Plan | 'cache';
}

export interface SearchDeps { database: Database; embeddings: EmbeddingCache; results: ResultCache<Hit[]> }

// Extra HNSW candidates beyond k: re-ranking them by exact distance lifts recall.
const HNSW_EXTRA = 20;

const round = (x: number, places = 6) => Math.round(x * 10 ** places) / 10 ** places;

/** Score = similarity + playbook boost; ties broken by id so equal requests give equal orders. */
export function rankHits(candidates: Candidate[], boosts: Map<string, number>, k: number): Hit[] {
  const seen = new Set<string>();
  const hits: Hit[] = [];
  for (const c of candidates) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    const similarity = round(1 - Number(c.distance));
    const boost = round(boosts.get(c.id) ?? 0);
    hits.push({
      id: c.id, name: c.name, role: c.role, city: c.city, state: c.state, skills: c.skills, certifications: c.certifications,
      rating: c.rating === null ? null : Number(c.rating), score: round(similarity + boost), similarity, playbook_boost: boost,
    });
  }
  hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (hits.length > k) hits.length = k;
  return hits;
}

async function candidatesFor(deps: SearchDeps, search: NormalSearch, vector: string): Promise<{ plan: Plan; candidates: Candidate[] }> {
  const db = deps.database.db;
  const cond = filterConditions(search.filters, search.exclude);
  const matching = isSelective(search.filters, search.exclude.length)
    ? await countMatching(db, cond, EXACT_SCAN_MAX_ROWS + 1)
    : undefined;
  const plan = choosePlan(matching);
  if (plan === 'exact') return { plan, candidates: await exactCandidates(db, vector, cond, search.k) };
  const candidates = await hnswCandidates(db, vector, cond, search.k + HNSW_EXTRA);
  // The graph walk stops at hnsw.max_scan_tuples; a short answer is completed exactly.
  if (candidates.length < search.k) return { plan: 'exact', candidates: await exactCandidates(db, vector, cond, search.k) };
  return { plan, candidates };
}

/** Natural-language search over the worker pool, with filters, exclusions, caches and playbook boosts. */
export async function searchWorkers(deps: SearchDeps, request: SearchRequest): Promise<SearchAnswer> {
  const started = performance.now();
  const search = normalizeSearch(request);
  const key = searchKey(search);
  const took = () => round(performance.now() - started, 2);
  const cached = deps.results.get(key);
  if (cached) return { results: cached, cache: { embedding: 'hit', results: 'hit' }, took_ms: took(), plan: 'cache' };

  const token = deps.results.token();
  const { vector, hit } = await deps.embeddings.get(search.query);
  const literal = vectorLiteral(vector);
  const [boosts, { plan, candidates }] = await Promise.all([
    search.usePlaybook ? playbookBoosts(deps.database.db, search.query, vector) : new Map<string, number>(),
    candidatesFor(deps, search, literal),
  ]);
  const have = new Set(candidates.map((c) => c.id));
  const missing = [...boosts.keys()].filter((id) => !have.has(id));
  const boosted = await candidatesByIds(deps.database.db, literal, missing, filterConditions(search.filters, search.exclude));
  const results = rankHits([...candidates, ...boosted], boosts, search.k);
  deps.results.set(key, search, results, token);
  return { results, cache: { embedding: hit ? 'hit' : 'miss', results: 'miss' }, took_ms: took(), plan };
}
