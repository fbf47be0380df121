import { isDeepStrictEqual } from 'node:util';
import { PLACE_HALF_MILES, SAME_STATE_PLACE, WEIGHTS } from './ranking.ts';
import type { VectorParam } from '../db/vector.ts';
import type { NormalFilters } from './request.ts';
import type { PlaceRef, Scope, Scoring } from './searchRepository.ts';
import type { PlaceWanted, Understanding } from './understanding/interpret.ts';
import type { Vocabulary } from './understanding/vocabulary.ts';

/** How far the understood place was widened to find k workers. */
export type Relaxation = 'nearby' | 'state' | 'any';

/** One candidate set: the first holds everything understood, later ones widen it in the documented order. */
export interface Tier {
  relaxed?: Relaxation;
  scope: Scope;
}

/** "Dallas" first means Dallas; when it has too few workers, the cities within this radius come next. */
export const NEARBY_MILES = 25;
/**
 * Past the state, "any place" widens by distance before it takes the whole country: the nearest
 * workers are the ones a coordinator can use, and a role's 4,000 workers nationwide cost 17 ms to
 * rank exactly where the 200 within 250 miles cost 1-2 ms.
 */
export const WIDER_MILES = [100, 250, 500];

const emptyScope = (): Scope => ({ placeSets: [], certifications: [], skills: [], shifts: [] });

/** The named city as a place condition: its corpus spellings, or the name as typed for a city with no worker. */
function cityRefs(place: PlaceWanted): PlaceRef[] {
  if (!place.city) return [];
  return place.places.length
    ? place.places.map((p) => ({ state: p.state, spellings: p.spellings }))
    : [{ state: place.state, spellings: [place.city.toLowerCase()] }];
}

/** The corpus places within `miles` of the place, and the place itself by name (a worker with no coordinates). */
function radiusRefs(place: PlaceWanted, miles: number, vocab: Vocabulary): PlaceRef[] {
  const own = cityRefs(place);
  const near = place.at
    ? vocab
        .placesNear(place.at, miles)
        .filter(({ place: p }) => !own.some((o) => o.state === p.state && o.spellings[0] === p.spellings[0]))
        .map(({ place: p }) => ({ state: p.state, spellings: p.spellings }))
    : [];
  return [...own, ...near];
}

/** Where an explicit `near` filter reaches: resolved through the gazetteer, else the city by name. */
export function nearRefs(near: NonNullable<NormalFilters['near']>, vocab: Vocabulary): PlaceRef[] {
  const at = vocab.gazetteer.find(near.city, near.state);
  const own = vocab.corpusPlace(near.city, near.state);
  return radiusRefs({ city: at?.city ?? near.city, state: near.state, at, places: own ? [own] : [] }, near.miles, vocab);
}

/**
 * The candidate sets to try, in order, each built only when the one before it was too small.
 * Strict: one set holding every understood constraint. Otherwise role and place narrow the
 * candidates (certifications, shifts and skills only rank them), and the place is relaxed in
 * this order until k workers are found: the city -> the cities within NEARBY_MILES (or the
 * radius the request named) -> the state -> any place (within WIDER_MILES first, nearest
 * first); last, if a role was understood, any role. A set equal to the one before is skipped.
 */
export function* tiersFor(u: Understanding | undefined, strict: boolean, vocab: Vocabulary): Generator<Tier> {
  if (!u) {
    yield { scope: emptyScope() };
    return;
  }
  const roles = u.role?.roles;
  const place = u.place;
  if (strict) {
    yield {
      scope: {
        roles,
        placeSets: place?.city ? [place.miles ? radiusRefs(place, place.miles, vocab) : cityRefs(place)] : [],
        state: place && !place.city ? place.state : undefined,
        certifications: u.certifications.map((c) => c.values),
        skills: u.skills.map((s) => s.values),
        shifts: u.shifts,
      },
    };
    return;
  }
  const steps: [Relaxation | undefined, () => Partial<Scope>][] = [];
  if (place?.city) {
    if (!place.miles) steps.push([undefined, () => ({ roles, placeSets: [cityRefs(place)] })]);
    steps.push(['nearby', () => ({ roles, placeSets: [radiusRefs(place, place.miles ?? NEARBY_MILES, vocab)] })]);
  }
  if (place) steps.push(['state', () => ({ roles, state: place.state })]);
  if (place?.at) for (const miles of WIDER_MILES) steps.push(['any', () => ({ roles, placeSets: [radiusRefs(place, miles, vocab)] })]);
  steps.push(['any', () => ({ roles })]);
  if (roles) steps.push(['any', () => ({})]);
  let previous: Scope | undefined;
  for (const [relaxed, build] of steps) {
    const scope = { ...emptyScope(), ...build() };
    // Node's structural comparison: a JSON key of each scope cost more than the rest of the tiers.
    if (previous && isDeepStrictEqual(scope, previous)) continue;
    yield { relaxed: previous === undefined ? undefined : relaxed, scope };
    previous = scope;
  }
}

/** What the score is computed from: the understanding's features with the weights of ranking.ts. */
export function scoringFor(vector: VectorParam, u: Understanding | undefined): Scoring {
  const understood = Boolean(u?.role || u?.place);
  const place = u?.place;
  return {
    vector,
    roles: u?.role?.roles,
    city: place?.city ? cityRefs(place)[0] : undefined,
    center: place?.at && { lat: place.at.lat, lon: place.at.lon },
    state: place?.state,
    certifications: u?.certifications.map((c) => c.values) ?? [],
    skills: u?.skills.map((s) => s.values) ?? [],
    shifts: u?.shifts ?? [],
    lexical: u?.unmatched.filter((w) => w.length > 1) ?? [],
    // Rating only orders otherwise equal workers of an understood request; a plain semantic search stays similarity + boost.
    weights: { ...WEIGHTS, rating: understood ? WEIGHTS.rating : 0 },
    halfMiles: PLACE_HALF_MILES,
    sameStatePlace: SAME_STATE_PLACE,
  };
}
