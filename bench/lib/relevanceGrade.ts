/**
 * Grading from the bench's own copy of the corpus: a returned id is looked up in
 * the rows the bench generated, never judged by what the service says about it.
 *
 *   0  role wrong, worker inactive, or an id the bench never loaded
 *   1  role right
 *   2  role and place right
 *   3  role, place, every asked certification held and every asked shift available
 *      (a query that asks for neither: role and place)
 */
import { PLACES } from '../../src/demo/places.ts';
import type { RelCorpus, RelWorker } from './relevanceCorpus.ts';
import type { Geo } from './relevancePlaces.ts';
import type { Shift } from './relevanceWording.ts';

export type PlaceIntent =
  | { city: string; state: string; miles?: undefined }
  | { city: string; state: string; miles: number }
  | { state: string; city?: undefined; miles?: undefined };

export interface Intent {
  /** Corpus role titles (after rewording) that answer the query. */
  roles: string[];
  place: PlaceIntent;
  /** Corpus certification spellings, all required. */
  certifications: string[];
  shifts: Shift[];
}

export const QUERY_TYPES = ['role_city', 'full', 'near', 'state', 'synonym', 'misspelled', 'relaxed', 'readme'] as const;
export type QueryType = (typeof QUERY_TYPES)[number];

export interface LabelledQuery {
  type: QueryType;
  text: string;
  intent: Intent;
}

/** The corpus with active workers grouped by role: every grade above 0 needs the role. */
export interface Truth {
  corpus: RelCorpus;
  geo: Geo;
  activeByRole: Map<string, RelWorker[]>;
}

export function truthOf(corpus: RelCorpus, geo: Geo): Truth {
  const activeByRole = new Map<string, RelWorker[]>();
  for (const w of corpus.workers) {
    if (w.row.status !== 'active') continue;
    const list = activeByRole.get(w.row.role) ?? [];
    list.push(w);
    activeByRole.set(w.row.role, list);
  }
  return { corpus, geo, activeByRole };
}

/** PLACES index -> is this the asked place. */
export function placeTest(geo: Geo, place: PlaceIntent): (placeIndex: number) => boolean {
  if (place.miles !== undefined) {
    const miles = geo.milesFrom(geo.anchor(place.city, place.state));
    return (i) => miles[i] <= place.miles;
  }
  if (place.city !== undefined) return (i) => PLACES[i].city === place.city && PLACES[i].state === place.state;
  return (i) => PLACES[i].state === place.state;
}

export interface Judgement {
  grade(w: RelWorker | undefined): number;
  /** Active workers in the corpus with grade 3, with grade >= 2. */
  n3: number;
  n2: number;
  /** The best possible grades, best first (every active worker of a right role). */
  ideal: number[];
}

export function judge(truth: Truth, intent: Intent): Judgement {
  const roles = new Set(intent.roles);
  const inPlace = placeTest(truth.geo, intent.place);
  const grade = (w: RelWorker | undefined): number => {
    if (!w || w.row.status !== 'active' || !roles.has(w.row.role)) return 0;
    if (!inPlace(w.place)) return 1;
    const certs = intent.certifications.every((c) => w.row.certifications.includes(c));
    const shifts = intent.shifts.every((s) => w.row.availability.includes(s));
    return certs && shifts ? 3 : 2;
  };
  const ideal = [...roles]
    .flatMap((r) => truth.activeByRole.get(r) ?? [])
    .map(grade)
    .sort((a, b) => b - a);
  return { grade, n3: ideal.filter((g) => g === 3).length, n2: ideal.filter((g) => g >= 2).length, ideal };
}

export interface QueryScore {
  query: LabelledQuery;
  ids: string[];
  grades: number[];
  n3: number;
  n2: number;
  /** null when the corpus has no worker that could count (skipped in the mean). */
  p5Strict: number | null;
  p5RolePlace: number | null;
  ndcg: number;
  /** Returned ids the bench never loaded (graded 0). */
  unknownIds: number;
}

const dcg = (grades: readonly number[], k: number) => grades.slice(0, k).reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);

/** P@5 over a capped denominator: a query with two possible perfect answers can still reach 1.0. */
function cappedPrecision(grades: readonly number[], atLeast: number, available: number): number | null {
  if (available === 0) return null;
  return grades.slice(0, 5).filter((g) => g >= atLeast).length / Math.min(5, available);
}

export function scoreQuery(truth: Truth, query: LabelledQuery, ids: readonly string[], k: number): QueryScore {
  const j = judge(truth, query.intent);
  const top = ids.slice(0, k);
  const grades = top.map((id) => j.grade(truth.corpus.byId.get(id)));
  const ideal = dcg(j.ideal, k);
  return {
    query,
    ids: top,
    grades,
    n3: j.n3,
    n2: j.n2,
    p5Strict: cappedPrecision(grades, 3, j.n3),
    p5RolePlace: cappedPrecision(grades, 2, j.n2),
    ndcg: ideal === 0 ? 0 : dcg(grades, k) / ideal,
    unknownIds: top.filter((id) => !truth.corpus.byId.has(id)).length,
  };
}

export interface Figures {
  type: string;
  n: number;
  p5Strict: number;
  /** Queries left out of P@5 strict: no grade-3 worker exists. */
  strictSkipped: number;
  p5RolePlace: number;
  ndcg: number;
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);

/** Macro averages: every query weighs the same within its row. */
export function summarize(type: string, scores: readonly QueryScore[]): Figures {
  const strict = scores.map((s) => s.p5Strict).filter((x): x is number => x !== null);
  const rolePlace = scores.map((s) => s.p5RolePlace).filter((x): x is number => x !== null);
  return {
    type,
    n: scores.length,
    p5Strict: mean(strict),
    strictSkipped: scores.length - strict.length,
    p5RolePlace: mean(rolePlace),
    ndcg: mean(scores.map((s) => s.ndcg)),
  };
}
