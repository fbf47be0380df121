/**
 * The relevance corpus: the demo generator's workers (src/demo/generate.ts), reworded
 * the way another agency's ATS would write them, so a search tuned on the
 * generator's wording gets no free matches. Deterministic from (count, seed).
 *
 * The bench keeps, next to each row it uploads, the row's canonical place (the
 * generator's city before any respelling): grading uses only this copy, never
 * what the service returns.
 */
import { generateWorkers } from '../../src/demo/generate.ts';
import { PLACES, type Place } from '../../src/demo/places.ts';
import { seededRandom, type Random } from '../../src/demo/random.ts';
import { roleNoun } from '../../src/demo/summary.ts';
import type { Worker } from '../../src/workers/worker.ts';
import { CERT_WORDING, ROLE_WORDING, type RoleWording } from './relevanceWording.ts';

export interface RelWorker {
  /** Exactly what is uploaded. */
  row: Worker;
  /** The generator's place (index into PLACES): the truth for "is this worker in Dallas". */
  place: number;
}

export interface RelCorpus {
  seed: number;
  workers: RelWorker[];
  byId: Map<string, RelWorker>;
}

const ROLE_BY_FROM = new Map(ROLE_WORDING.map((w) => [w.from, w]));
const CERT_TO = new Map(CERT_WORDING.map((c) => [c.from, c.to]));
const PLACE_INDEX = new Map(PLACES.map((p, i) => [placeKey(p.city, p.state), i]));

export function placeKey(city: string, state: string): string {
  return `${city}|${state}`;
}

export function roleWording(from: string): RoleWording {
  const w = ROLE_BY_FROM.get(from);
  if (!w) throw new Error(`no corpus wording for generator role ${JSON.stringify(from)} (src/demo/roles.ts changed?)`);
  return w;
}

/** The corpus spelling of a generator certification. */
export const corpusCert = (from: string): string => CERT_TO.get(from) ?? from;

/**
 * Other accepted spellings of some corpus cities, each with the share of that
 * city's rows that get it. An ATS fed by many recruiters has all of these.
 */
const CITY_SPELLINGS: Record<string, { as: string; share: number }[]> = {
  'St. Louis|MO': [
    { as: 'Saint Louis', share: 0.3 },
    { as: 'St Louis', share: 0.1 },
  ],
  'Fort Worth|TX': [
    { as: 'Ft. Worth', share: 0.2 },
    { as: 'Ft Worth', share: 0.05 },
  ],
  'St. Paul|MN': [{ as: 'Saint Paul', share: 0.3 }],
  'St. Petersburg|FL': [{ as: 'Saint Petersburg', share: 0.25 }],
  'New York|NY': [{ as: 'New York City', share: 0.2 }],
  'Winston-Salem|NC': [{ as: 'Winston Salem', share: 0.2 }],
  'Fort Lauderdale|FL': [{ as: 'Ft. Lauderdale', share: 0.15 }],
  'Fort Wayne|IN': [{ as: 'Ft. Wayne', share: 0.15 }],
};
const LOWER_CASE_SHARE = 0.02;
const UPPER_CASE_SHARE = 0.01;

function respellCity(place: Place, random: Random): string {
  // Always three draws, so one city's spelling never shifts another worker's.
  const [spell, lower, upper] = [random.next(), random.next(), random.next()];
  let city = place.city;
  let below = 0;
  for (const option of CITY_SPELLINGS[placeKey(place.city, place.state)] ?? []) {
    below += option.share;
    if (spell < below) {
      city = option.as;
      break;
    }
  }
  if (lower < LOWER_CASE_SHARE) return city.toLowerCase();
  if (upper < UPPER_CASE_SHARE) return city.toUpperCase();
  return city;
}

/** The summary sentence names the role and sometimes a certification: reword those too. */
function rewordSummary(summary: string, from: RoleWording, certs: readonly string[]): string {
  let text = summary.replace(roleNoun(from.from), roleNoun(from.title));
  for (const cert of certs) text = text.replace(`holds current ${cert}`, `holds current ${corpusCert(cert)}`);
  return text;
}

export function relevanceId(index: number): string {
  return `rel-${String(index).padStart(6, '0')}`;
}

export function buildCorpus(count: number, seed: number): RelCorpus {
  // A stream of its own for respelling: the generator's stream (and so its workers) stays untouched.
  const spelling = seededRandom(seed ^ 0x5eed5eed);
  const workers: RelWorker[] = [];
  let index = 0;
  for (const w of generateWorkers(count, seed)) {
    index++;
    const place = PLACE_INDEX.get(placeKey(w.city, w.state));
    if (place === undefined) throw new Error(`generator city ${w.city}, ${w.state} is not in src/demo/places.ts`);
    const role = roleWording(w.role);
    const row: Worker = {
      ...w,
      id: relevanceId(index),
      city: respellCity(PLACES[place], spelling),
      role: role.title,
      certifications: w.certifications.map(corpusCert),
      summary: rewordSummary(w.summary, role, w.certifications),
    };
    workers.push({ row, place });
  }
  return { seed, workers, byId: new Map(workers.map((w) => [w.row.id, w])) };
}

/** The fields the corpus check compares with the service's copy of a row. */
export const CHECKED_FIELDS = ['name', 'email', 'phone', 'city', 'state', 'role', 'certifications', 'availability', 'status'] as const;
export type CheckedRow = Pick<Worker, 'id' | (typeof CHECKED_FIELDS)[number]>;

/**
 * The first checked field where a stored row differs from the bench's, or
 * undefined. The graded fields (role, city, certifications, shifts, status) are
 * all compared: grades are only right if the service holds exactly these rows,
 * and a corpus change between a "before" and an "after" run must not pass.
 */
export function rowDifference(stored: CheckedRow, mine: Worker): string | undefined {
  for (const field of CHECKED_FIELDS) {
    const [a, b] = [JSON.stringify(stored[field]), JSON.stringify(mine[field])];
    if (a !== b) return `${field} ${a} (service) vs ${b} (bench)`;
  }
  return undefined;
}
