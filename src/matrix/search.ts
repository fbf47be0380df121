import type { Database, Executor } from '../db/open.ts';
import { vectorParam } from '../db/vector.ts';
import type { EmbeddingCache } from '../embed/cache.ts';
import { EXACT_SCAN_MAX_ROWS, isSelective, type Plan } from './planner.ts';
import { playbookBoosts } from './playbooks.ts';
import { PLAYBOOK_WEIGHT } from './ranking.ts';
import { normalizeSearch, type NormalSearch, searchKey, type SearchRequest } from './request.ts';
import type { ResultCache } from './resultCache.ts';
import { NEARBY_MILES, nearRefs, type Relaxation, scoringFor, type Tier, tiersFor } from './retrieval.ts';
import {
  filterConditions,
  lexicalIds,
  nearestIds,
  type PlaceRef,
  rankedIfFew,
  type ScoredCandidate,
  type Scoring,
  scoredByIds,
  scoredMatching,
} from './searchRepository.ts';
import type { CorpusVocabulary } from './understanding/corpusVocabulary.ts';
import { withoutIgnored } from './understanding/ignore.ts';
import { interpretQuery, type Understanding } from './understanding/interpret.ts';
import type { TagMatch } from './understanding/vocabulary.ts';

export interface Why {
  /** What the worker has of what was asked: "role", "city" | "nearby" | "state", "certification: X", "shift: nights", "skill: X", "words". */
  matched: string[];
  /** What was asked and the worker lacks. */
  missing: string[];
  /** Each weighted feature's part of the score (ranking.ts); they add up to `score`. */
  score_parts: Record<string, number>;
}

export interface Hit {
  id: string;
  name: string;
  role: string;
  city: string;
  state: string;
  skills: string[];
  certifications: string[];
  availability: string[];
  years_experience: number;
  rating: number | null;
  distance_miles?: number;
  score: number;
  similarity: number;
  playbook_boost: number;
  why: Why;
}

/** What was understood, as the response shows it. */
export interface Interpretation {
  role?: string;
  place?: { city?: string; state: string };
  near_miles?: number;
  certifications: string[];
  skills: string[];
  shifts: string[];
  headcount?: number;
  relaxed?: Relaxation;
  unmatched: string[];
  corrections: { from: string; to: string }[];
}

/**
 * The answer as JSON object members, `"results":[...]` and `"interpretation":{...}`: what the
 * result cache keeps (a 10-hit answer is 6.5 KB as a string and ~4x that as objects; 2,000
 * answers as objects made the heap 103 MB) and what a cache hit sends without serialising again.
 */
export type AnswerJson = string;

export interface SearchAnswer {
  found: AnswerJson;
  cache: { embedding: 'hit' | 'miss'; results: 'hit' | 'miss' };
  took_ms: number;
  plan: Plan | 'cache';
}

export interface SearchDeps {
  database: Database;
  embeddings: EmbeddingCache;
  results: ResultCache<AnswerJson>;
  vocabulary: CorpusVocabulary;
}

// Extra approximate candidates beyond k: ranking them exactly lifts recall.
const HNSW_EXTRA = 20;
// Workers matched by name or summary words joined to the approximate candidates.
const LEXICAL_CANDIDATES = 50;

const round = (x: number, places = 6) => Math.round(x * 10 ** places) / 10 ** places;
const holds = (have: string[], want: TagMatch) => have.some((h) => want.values.includes(h));

function explain(c: ScoredCandidate, u: Understanding | undefined, s: Scoring, boost: number): Why {
  const matched: string[] = [];
  const missing: string[] = [];
  const note = (ok: boolean, what: string) => (ok ? matched : missing).push(what);
  if (u?.role) note(c.f_role === 1, 'role');
  if (u?.place) {
    const where =
      c.f_place === 1
        ? 'city'
        : c.miles !== null && c.miles <= (u.place.miles ?? NEARBY_MILES)
          ? 'nearby'
          : c.state === u.place.state
            ? 'state'
            : undefined;
    if (where) matched.push(where);
    else missing.push(u.place.city ? 'place' : 'state');
  }
  for (const cert of u?.certifications ?? []) note(holds(c.certifications, cert), `certification: ${cert.label}`);
  for (const shift of u?.shifts ?? []) note(c.availability.includes(shift), `shift: ${shift}`);
  for (const skill of u?.skills ?? []) note(holds(c.skills, skill), `skill: ${skill.label}`);
  if (c.f_lexical > 0) matched.push('words');
  const w = s.weights;
  return {
    matched,
    missing,
    score_parts: {
      similarity: round(w.similarity * (1 - Number(c.distance))),
      role: round(w.role * c.f_role),
      place: round(w.place * c.f_place),
      certifications: round(w.certifications * c.f_certifications),
      shifts: round(w.shifts * c.f_shifts),
      skills: round(w.skills * c.f_skills),
      lexical: round(w.lexical * c.f_lexical),
      rating: round((w.rating * (c.rating ?? 0)) / 5),
      playbook: round(PLAYBOOK_WEIGHT * boost),
    },
  };
}

/** Score = the ranking sum (computed in SQL as `base`) + weighted playbook boost; ties broken by id so equal requests give equal orders. */
export function rankHits(
  candidates: ScoredCandidate[],
  boosts: Map<string, number>,
  k: number,
  u: Understanding | undefined,
  s: Scoring,
): Hit[] {
  const seen = new Set<string>();
  const hits: Hit[] = [];
  for (const c of candidates) {
    if (seen.has(c.id)) continue;
    seen.add(c.id);
    const boost = round(boosts.get(c.id) ?? 0);
    const hit: Hit = {
      id: c.id,
      name: c.name,
      role: c.role,
      city: c.city,
      state: c.state,
      skills: c.skills,
      certifications: c.certifications,
      availability: c.availability,
      years_experience: c.years_experience,
      rating: c.rating === null ? null : Number(c.rating),
      score: round(Number(c.base) + PLAYBOOK_WEIGHT * boost),
      similarity: round(1 - Number(c.distance)),
      playbook_boost: boost,
      why: explain(c, u, s, boost),
    };
    if (c.miles !== null && c.miles !== undefined) hit.distance_miles = round(Number(c.miles), 1);
    hits.push(hit);
  }
  hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (hits.length > k) hits.length = k;
  return hits;
}

/**
 * The best k of one candidate set, or undefined when it has fewer than k workers and a
 * wider set follows. Up to EXACT_SCAN_MAX_ROWS workers are ranked exactly; a larger set
 * is narrowed by the HNSW walk (plus workers whose name or summary hold unmatched words).
 */
async function rankTier(
  db: Executor,
  search: NormalSearch,
  tier: Tier,
  near: PlaceRef[] | undefined,
  scoring: Scoring,
  last: boolean,
): Promise<{ plan: Plan; candidates: ScoredCandidate[] } | undefined> {
  const k = search.k;
  const cond = filterConditions(search.filters, search.exclude, tier.scope, near);
  const narrowed = tier.scope.roles || tier.scope.placeSets.length || tier.scope.state || near;
  if (narrowed || isSelective(search.filters, search.exclude.length)) {
    const { matching, candidates } = await rankedIfFew(db, scoring, cond, k, last ? 0 : k, EXACT_SCAN_MAX_ROWS);
    if (matching < k && !last) return undefined;
    if (matching <= EXACT_SCAN_MAX_ROWS) return { plan: 'exact', candidates };
  }
  const [nearest, lexical] = await Promise.all([
    nearestIds(db, scoring.vector, cond, k + HNSW_EXTRA),
    lexicalIds(db, scoring.lexical, cond, LEXICAL_CANDIDATES),
  ]);
  const candidates = await scoredByIds(db, scoring, [...new Set([...nearest, ...lexical])], cond);
  // The graph walk stops at hnsw.max_scan_tuples; a short answer is completed exactly.
  if (candidates.length < k) return { plan: 'exact', candidates: await scoredMatching(db, scoring, cond, k) };
  return { plan: 'hnsw', candidates };
}

function interpretationOf(u: Understanding, relaxed: Relaxation | undefined): Interpretation {
  const place = u.place;
  return {
    role: u.role?.label,
    place: place && (place.city ? { city: place.city, state: place.state } : { state: place.state }),
    near_miles: place?.miles,
    certifications: u.certifications.map((c) => c.label),
    skills: u.skills.map((s) => s.label),
    shifts: u.shifts,
    headcount: u.headcount,
    relaxed,
    unmatched: u.unmatched,
    corrections: u.corrections,
  };
}

/** Natural-language search over the worker pool: understanding, filters, exclusions, relaxation, caches and playbook boosts. */
export async function searchWorkers(deps: SearchDeps, request: SearchRequest): Promise<SearchAnswer> {
  const started = performance.now();
  const search = normalizeSearch(request);
  const key = searchKey(search);
  const took = () => round(performance.now() - started, 2);
  const cached = deps.results.get(key);
  if (cached) return { found: cached, cache: { embedding: 'hit', results: 'hit' }, took_ms: took(), plan: 'cache' };

  const token = deps.results.token();
  const needsVocabulary = search.interpret || search.filters.near;
  const [{ vector, hit }, vocab] = await Promise.all([
    deps.embeddings.get(search.query),
    needsVocabulary ? deps.vocabulary.get() : undefined,
  ]);
  const u = search.interpret ? withoutIgnored(interpretQuery(search.query, vocab!), search.ignore) : undefined;
  const near = search.filters.near && nearRefs(search.filters.near, vocab!);
  const scoring = scoringFor(vectorParam(deps.database, vector), u);

  // One reader for the whole answer: every statement of it sees the same replica (or the primary).
  const { boosts, plan, candidates, tier, boosted } = await deps.database.read(async (db) => {
    const rankTiers = async () => {
      const tiers = tiersFor(u, search.strict, vocab!);
      // One tier ahead, so the last one is known: it answers however few workers it has.
      for (let tier = tiers.next(); !tier.done; ) {
        const next = tiers.next();
        const ranked = await rankTier(db, search, tier.value, near, scoring, Boolean(next.done));
        if (ranked) return { ...ranked, tier: tier.value };
        tier = next;
      }
      throw new Error('the last tier always answers');
    };
    const [boosts, { plan, candidates, tier }] = await Promise.all([
      search.usePlaybook ? playbookBoosts(db, search.query, scoring.vector) : new Map<string, number>(),
      rankTiers(),
    ]);
    const have = new Set(candidates.map((c) => c.id));
    const missing = [...boosts.keys()].filter((id) => !have.has(id));
    // A playbook's workers join from anywhere the explicit filters allow; under `strict`, only from the strict set.
    const boostedCond = filterConditions(search.filters, search.exclude, search.strict ? tier.scope : undefined, near);
    const boosted = await scoredByIds(db, scoring, missing, boostedCond);
    return { boosts, plan, candidates, tier, boosted };
  });
  const results = rankHits([...candidates, ...boosted], boosts, search.k, u, scoring);
  const found = `"results":${JSON.stringify(results)}${u ? `,"interpretation":${JSON.stringify(interpretationOf(u, tier.relaxed))}` : ''}`;
  deps.results.set(key, search, found, token);
  return { found, cache: { embedding: hit ? 'hit' : 'miss', results: 'miss' }, took_ms: took(), plan };
}
