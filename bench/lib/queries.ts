import { PLACES, type Place } from '../../src/demo/places.ts';
import { cumulativeWeights, type Random, seededRandom, weightedIndex } from '../../src/demo/random.ts';
import { GENERIC_CERTIFICATIONS, ROLES, type Role } from '../../src/demo/roles.ts';

export type Band = 'unfiltered' | 'state' | 'state+role' | 'role';
export const BANDS: readonly Band[] = ['unfiltered', 'state', 'state+role', 'role'];

export interface SearchBody {
  query: string;
  k: number;
  filters: { state?: string; role?: string };
}

export interface BenchQuery {
  band: Band;
  body: SearchBody;
}

const SHIFTS = [
  'night shift',
  'nights',
  'day shift',
  'days',
  'weekends',
  'weekend shifts',
  'swing shift',
  'on call',
  'overnights',
  'early starts',
];

const PLACE_WEIGHTS = cumulativeWeights(PLACES.map((p) => p.weight));
const ROLE_WEIGHTS = cumulativeWeights(ROLES.map((r) => r.weight));

/** A place and a role drawn with the generator's own weights, so queries ask for what the pool holds. */
export const drawPlace = (random: Random): Place => PLACES[weightedIndex(PLACE_WEIGHTS, random)];
export const drawRole = (random: Random): Role => ROLES[weightedIndex(ROLE_WEIGHTS, random)];

/** A coordinator's request in one of a few phrasings: role, often a city, a shift, a certification or skill. */
export function queryText(role: Role, place: Place, random: Random): string {
  const shift = random.pick(SHIFTS);
  const cert = random.chance(0.8) && role.certifications.length ? random.pick(role.certifications) : random.pick(GENERIC_CERTIFICATIONS);
  const skill = random.pick(role.skills);
  const title = role.title.toLowerCase();
  const phrasings = [
    () => `${role.title}, ${shift}, ${cert}`,
    () => `${role.title} in ${place.city}, ${shift}, ${cert}`,
    () => `${shift} ${title} near ${place.city} ${place.state} with ${cert}`,
    () => `need ${title} ${place.city} ${shift}, ${skill}, ${cert}`,
    () => `experienced ${title} ${place.city}, ${place.state}, ${skill}, ${shift}`,
  ];
  return random.pick(phrasings)();
}

/** The harness's template, reworded the way coordinators also write: synonyms, no punctuation, other order. */
const REWORDINGS: [RegExp, string][] = [
  [/^need (.*) in (.*) for the (.*), (.*) required$/, '$2 $3 $1 w/ $4'],
  [/forklift operator/g, 'forklift driver'],
  [/janitor/g, 'custodian'],
  [/security officer/g, 'security guard'],
  [/certified nursing assistant/g, 'CNA'],
  [/night shift/g, 'nights'],
  [/graveyard shift/g, 'overnights'],
  [/second shift/g, '2nd shift'],
  [/, /g, ' '],
];
export const reworded = (q: string) => REWORDINGS.reduce((text, [from, to]) => text.replace(from, to), q);

const MARKS = '.,;:!?-/';

/**
 * A suffix of punctuation that spells `n`: it makes a query text unique for the
 * result cache and the embedding cache (both keyed by the text), while the hash
 * embedder, which reads only letters and digits, gives the very vector of the
 * clean text. A unique word instead would add random features to every query.
 */
export function uniqueMarks(n: number): string {
  let out = '';
  for (let x = Math.trunc(n); ; x = Math.floor(x / MARKS.length)) {
    out += MARKS[x % MARKS.length];
    if (x < MARKS.length) return ` ${out}`;
  }
}

/** A number for this run, so a rerun against the same service instance misses the caches too. */
export const runNumber = (): number => Date.now() % 1_000_000_000;

/**
 * `perBand` requests for each band, deterministic for a seed; query `i` ends in
 * uniqueMarks(run * 10_000 + i) so no cache answers it.
 */
export function benchQueries(perBand: number, seed: number, run: number, k = 10): BenchQuery[] {
  const random = seededRandom(seed);
  const out: BenchQuery[] = [];
  for (let i = 0; i < perBand * BANDS.length; i++) {
    const band = BANDS[i % BANDS.length];
    const role = drawRole(random);
    const place = drawPlace(random);
    const filters: SearchBody['filters'] = {};
    if (band === 'state' || band === 'state+role') filters.state = place.state;
    if (band === 'role' || band === 'state+role') filters.role = role.title;
    out.push({ band, body: { query: `${queryText(role, place, random)}${uniqueMarks(run * 10_000 + i)}`, k, filters } });
  }
  return out;
}

/** Realistic query texts, deterministic for a seed; all for one role when its title is given (a role filter's queries). */
export function loadQueryTexts(count: number, seed: number, roleTitle?: string): string[] {
  const random = seededRandom(seed);
  const role = roleTitle === undefined ? undefined : ROLES.find((r) => r.title.toLowerCase() === roleTitle.toLowerCase());
  return Array.from({ length: count }, () => queryText(role ?? drawRole(random), drawPlace(random), random));
}
