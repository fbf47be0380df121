import { and, sql, type SQL } from 'drizzle-orm';
import { textArray } from '../db/arrays.ts';
import { type Executor, rowsOf } from '../db/open.ts';
import { customPlan } from '../db/prepared.ts';
import type { VectorParam } from '../db/vector.ts';
import type { NormalFilters } from './request.ts';

export interface Candidate {
  id: string;
  name: string;
  role: string;
  city: string;
  state: string;
  skills: string[];
  certifications: string[];
  rating: number | null;
  distance: number;
}

/** A candidate with the ranking features computed in SQL (see ranking.ts for what each means). */
export interface ScoredCandidate extends Candidate {
  availability: string[];
  years_experience: number;
  miles: number | null;
  f_role: number;
  f_place: number;
  f_certifications: number;
  f_shifts: number;
  f_skills: number;
  f_lexical: number;
  base: number;
}

/** Cities as the corpus spells them (lower case), by state: a place condition or the "named city" of the place feature. */
export interface PlaceRef {
  state: string;
  spellings: string[];
}

/** Hard conditions beyond the explicit filters: what was understood, when it narrows the candidates. */
export interface Scope {
  roles?: string[];
  /** Each list is one condition: the worker is in one of its places. */
  placeSets: PlaceRef[][];
  state?: string;
  certifications: string[][];
  skills: string[][];
  shifts: string[];
}

/** What the score is computed from; weights come from ranking.ts. */
export interface Scoring {
  vector: VectorParam;
  roles?: string[];
  city?: PlaceRef;
  center?: { lat: number; lon: number };
  state?: string;
  certifications: string[][];
  skills: string[][];
  shifts: string[];
  lexical: string[];
  weights: Record<'similarity' | 'role' | 'place' | 'certifications' | 'shifts' | 'skills' | 'lexical' | 'rating', number>;
  halfMiles: number;
  sameStatePlace: number;
}

const placeCondition = (set: PlaceRef[]): SQL =>
  set.length
    ? sql`(state = ANY(${textArray([...new Set(set.map((p) => p.state))])}::text[])
      AND lower(city) = ANY(${textArray([...new Set(set.flatMap((p) => p.spellings))])}::text[])
      AND state || '|' || lower(city) = ANY(${textArray(set.flatMap((p) => p.spellings.map((c) => `${p.state}|${c}`)))}::text[]))`
    : sql`false`;

/** WHERE conditions for the explicit filters, the exclusions and an understood scope; every value is a parameter. */
export function filterConditions(f: NormalFilters, exclude: string[], scope?: Scope, near?: PlaceRef[]): SQL | undefined {
  return and(
    near ? placeCondition(near) : undefined,
    f.availability.length ? sql`availability @> ${textArray(f.availability)}::text[]` : undefined,
    scope?.roles ? sql`lower(role) = ANY(${textArray(scope.roles)}::text[])` : undefined,
    ...(scope?.placeSets ?? []).map(placeCondition),
    scope?.state ? sql`state = ${scope.state}` : undefined,
    // Understood tags carry the corpus's own spellings: a plain overlap, no lower_tags() per row.
    ...(scope?.certifications ?? []).map((g) => sql`certifications && ${textArray(g)}::text[]`),
    ...(scope?.skills ?? []).map((g) => sql`skills && ${textArray(g)}::text[]`),
    scope?.shifts.length ? sql`availability @> ${textArray(scope.shifts)}::text[]` : undefined,
    f.state ? sql`state = ${f.state}` : undefined,
    f.city ? sql`lower(city) = ${f.city}` : undefined,
    f.role ? sql`lower(role) = ${f.role}` : undefined,
    f.skills.length ? sql`lower_tags(skills) @> ${textArray(f.skills)}::text[]` : undefined,
    f.certifications.length ? sql`lower_tags(certifications) @> ${textArray(f.certifications)}::text[]` : undefined,
    f.status !== 'any' ? sql`status = ${f.status}` : undefined,
    f.min_rating !== undefined ? sql`rating >= ${f.min_rating}` : undefined,
    exclude.length ? sql`NOT (id = ANY(${textArray(exclude)}::text[]))` : undefined,
  );
}

const where = (cond: SQL | undefined) => (cond ? sql`WHERE ${cond}` : sql``);
// Plain columns: an expression here (to_json(skills), say) would run on every row of an exact scan before its sort (4x the scan's time).
const HIT_COLUMNS = sql`id, name, role, city, state, skills, certifications, rating`;

/** How many workers match, counting no further than `atMost` (the planner only needs to know "few or many"). */
export async function countMatching(db: Executor, cond: SQL | undefined, atMost: number): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(
    db,
    sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM workers ${where(cond)} LIMIT ${atMost}) AS matching`,
  );
  return row.n;
}

/**
 * Approximate nearest neighbours through the HNSW index. The connection runs
 * with hnsw.iterative_scan = relaxed_order (db/open.ts), so filtered scans keep
 * walking the graph until `limit` rows pass the filter; callers re-sort.
 */
export async function hnswCandidates(db: Executor, vector: VectorParam, cond: SQL | undefined, limit: number): Promise<Candidate[]> {
  return rowsOf<Candidate>(
    db,
    sql`SELECT ${HIT_COLUMNS}, embedding <=> ${vector}::vector AS distance
    FROM workers ${where(cond)} ORDER BY embedding <=> ${vector}::vector LIMIT ${limit}`,
  );
}

/** Exact distances over the filtered subset (found through the btree/GIN indexes), ties broken by id. */
export async function exactCandidates(db: Executor, vector: VectorParam, cond: SQL | undefined, limit: number): Promise<Candidate[]> {
  return rowsOf<Candidate>(
    db,
    sql`SELECT ${HIT_COLUMNS}, embedding <=> ${vector}::vector AS distance
    FROM workers ${where(cond)} ORDER BY embedding <=> ${vector}::vector, id LIMIT ${limit}`,
  );
}

const share = (parts: SQL[]): SQL => (parts.length ? sql`(${sql.join(parts, sql` + `)})::float8 / ${parts.length}` : sql`0::float8`);
const TERMS = sql`terms`;
// In the ranking, a word's tsquery as a scalar subquery: parsed once per statement. Called in place, plainto_tsquery ran for
// every ranked row: 3,575 Houston workers ranked with two words took 27-57 ms against 19-21 ms this way.

/** Great-circle miles from the worker's coordinates (haversine, earth radius 3958.8 mi); null without them. */
const milesFrom = (c: { lat: number; lon: number }) => sql`2 * 3958.8 * asin(least(1, sqrt(
  power(sin(radians(lat - ${c.lat}::float8) / 2), 2)
  + cos(radians(${c.lat}::float8)) * cos(radians(lat)) * power(sin(radians(lon - ${c.lon}::float8) / 2), 2))))`;

/**
 * The ranking statement over `where` (a condition or a list of ids): every feature of
 * ranking.ts computed per row, the weighted sum as `base`, best first, ties by id.
 */
function scoredQuery(s: Scoring, where: SQL, limit: number): SQL {
  const w = s.weights;
  const named = s.city ? placeCondition([s.city]) : sql`false`;
  const inner = sql`SELECT ${HIT_COLUMNS}, availability, years_experience, embedding <=> ${s.vector}::vector AS distance,
      ${s.center ? milesFrom(s.center) : sql`NULL::float8`} AS miles, ${named} AS named,
      ${s.roles ? sql`(lower(role) = ANY(${textArray(s.roles)}::text[]))::int` : sql`0`} AS f_role,
      ${share(s.certifications.map((g) => sql`(certifications && ${textArray(g)}::text[])::int`))} AS f_certifications,
      ${share(s.skills.map((g) => sql`(skills && ${textArray(g)}::text[])::int`))} AS f_skills,
      ${share(s.shifts.map((shift) => sql`(${shift} = ANY(availability))::int`))} AS f_shifts,
      ${share(s.lexical.map((word) => sql`(${TERMS} @@ (SELECT plainto_tsquery('simple', ${word})))::int`))} AS f_lexical
    FROM workers WHERE ${where}`;
  const decay = sql`coalesce(1 / (1 + miles / ${s.halfMiles}::float8), 0)`;
  const place = sql`CASE WHEN named THEN 1::float8 ELSE ${decay}
    ${s.state ? sql`+ (state = ${s.state})::int * ${s.sameStatePlace}::float8 * (1 - ${decay})` : sql``} END`;
  return sql`SELECT *, ${w.similarity}::float8 * (1 - distance) + ${w.role}::float8 * f_role
      + ${w.place}::float8 * f_place + ${w.certifications}::float8 * f_certifications + ${w.shifts}::float8 * f_shifts
      + ${w.skills}::float8 * f_skills + ${w.lexical}::float8 * f_lexical + ${w.rating}::float8 * coalesce(rating, 0) / 5 AS base
    FROM (SELECT *, ${place} AS f_place FROM (${inner}) AS c) AS f
    ORDER BY base DESC, id LIMIT ${limit}`;
}

const scored = (db: Executor, s: Scoring, where: SQL, limit: number) => rowsOf<ScoredCandidate>(db, scoredQuery(s, where, limit));

/** Every worker matching `cond`, ranked exactly; the best `limit`. */
export function scoredMatching(db: Executor, s: Scoring, cond: SQL | undefined, limit: number): Promise<ScoredCandidate[]> {
  // Any number of rows may match: the plan must know how many.
  return rowsOf<ScoredCandidate>(db, customPlan(scoredQuery(s, cond ?? sql`true`, limit)));
}

/**
 * One candidate set in one round trip: how many workers match `cond` (counting no further than
 * atMost + 1) and, when that is between `atLeast` and `atMost`, the best `limit` of them ranked
 * exactly. Otherwise no candidates: too few for this set (the caller widens it) or too many to
 * rank exactly (the caller walks the HNSW index). Was a count and a ranking, two statements.
 *
 * The ranked rows come back as one JSON array (one row, one `JSON.parse`): as rows, node-postgres
 * parsed 21 fields of each through its per-type parsers (text arrays in JavaScript) into
 * dictionary-mode objects, 15 % of a search's CPU in the service. Numbers read the same: PostgreSQL
 * writes a float8 into JSON as it writes it as text, and `rating` (numeric) becomes a number.
 */
export async function rankedIfFew(
  db: Executor,
  s: Scoring,
  cond: SQL | undefined,
  limit: number,
  atLeast: number,
  atMost: number,
): Promise<{ matching: number; candidates: ScoredCandidate[] }> {
  const where = cond ?? sql`true`;
  const [row] = await rowsOf<{ matching: number; ranked: ScoredCandidate[] | null }>(
    db,
    sql`WITH matching AS MATERIALIZED (
      SELECT 1 FROM workers WHERE ${where} LIMIT ${atMost + 1})
    SELECT (SELECT count(*)::int FROM matching) AS matching,
      (SELECT json_agg(ranked ORDER BY ranked.base DESC, ranked.id) FROM (${scoredQuery(
        s,
        sql`${where} AND (SELECT count(*) FROM matching) BETWEEN ${atLeast} AND ${atMost}`,
        limit,
      )}) AS ranked) AS ranked`,
  );
  return { matching: row?.matching ?? 0, candidates: row?.ranked ?? [] };
}

/** The given workers, if they pass `cond`, ranked. */
export async function scoredByIds(db: Executor, s: Scoring, ids: string[], cond: SQL | undefined): Promise<ScoredCandidate[]> {
  if (!ids.length) return [];
  return scored(db, s, sql`id = ANY(${textArray(ids)}::text[]) ${cond ? sql`AND ${cond}` : sql``}`, ids.length);
}

/** Nearest workers by embedding through the HNSW index (the approximate stage of a large candidate set). */
export async function nearestIds(db: Executor, vector: VectorParam, cond: SQL | undefined, limit: number): Promise<string[]> {
  // Planned for its values: whether the HNSW walk or a btree scan and a sort is cheaper depends on how
  // many rows the filter keeps, which a generic plan does not know (for one role it chose the scan and
  // sort of 6,200 rows, where the value's plan walks the graph).
  const rows = await rowsOf<{ id: string }>(
    db,
    customPlan(sql`SELECT id FROM workers ${where(cond)} ORDER BY embedding <=> ${vector}::vector LIMIT ${limit}`),
  );
  return rows.map((r) => r.id);
}

/** Workers whose name or summary holds any of `words` (full text, GIN index), best matches first. */
export async function lexicalIds(db: Executor, words: string[], cond: SQL | undefined, limit: number): Promise<string[]> {
  if (!words.length) return [];
  const query = sql.join(
    words.map((word) => sql`plainto_tsquery('simple', ${word})`),
    sql` || `,
  );
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`SELECT id FROM workers
    WHERE ${TERMS} @@ (${query}) ${cond ? sql`AND ${cond}` : sql``}
    ORDER BY ts_rank(${TERMS}, ${query}) DESC, id LIMIT ${limit}`,
  );
  return rows.map((r) => r.id);
}
