import { seededRandom } from '../src/demo/random.ts';

/** What plain-language staffing queries are made of; roles and cities follow the demo corpus. */
export interface Vocabulary {
  roles: readonly string[];
  places: readonly string[];
  shifts: readonly string[];
  certifications: readonly string[];
  headcounts: readonly number[];
  templates: readonly ((parts: QueryParts) => string)[];
}

export interface QueryParts {
  role: string;
  place: string;
  shift: string;
  certification: string;
  headcount: number;
}

export interface QueryPool {
  /** The next query; never one this pool has returned before. */
  next(): string;
  /** Distinct queries before the pool starts numbering repeats of its texts. */
  size: number;
}

// Every template names every part, so distinct points of the product space give distinct texts.
const crew = ({ role, headcount }: QueryParts) => (headcount === 1 ? `one ${role}` : `${headcount} ${role}s`);

export const VOCABULARY: Vocabulary = {
  roles: [
    'warehouse associate',
    'forklift operator',
    'picker packer',
    'material handler',
    'reach truck operator',
    'shipping and receiving clerk',
    'inventory control specialist',
    'CDL-A truck driver',
    'delivery driver',
    'machine operator',
    'assembly line worker',
    'production worker',
    'welder',
    'electrician',
    'HVAC technician',
    'maintenance technician',
    'general laborer',
    'carpenter',
    'painter',
    'janitor',
    'housekeeper',
    'line cook',
    'prep cook',
    'dishwasher',
    'server',
    'bartender',
    'barista',
    'cashier',
    'retail associate',
    'customer service representative',
    'call center agent',
    'receptionist',
    'administrative assistant',
    'data entry clerk',
    'certified nursing assistant',
    'home health aide',
    'medical assistant',
    'phlebotomist',
    'security officer',
    'event staff member',
  ],
  places: [
    'Birmingham, AL',
    'Huntsville, AL',
    'Phoenix, AZ',
    'Tucson, AZ',
    'Mesa, AZ',
    'Little Rock, AR',
    'Los Angeles, CA',
    'San Diego, CA',
    'San Jose, CA',
    'Sacramento, CA',
    'Fresno, CA',
    'Riverside, CA',
    'Denver, CO',
    'Colorado Springs, CO',
    'Hartford, CT',
    'Washington, DC',
    'Jacksonville, FL',
    'Miami, FL',
    'Tampa, FL',
    'Orlando, FL',
    'Atlanta, GA',
    'Savannah, GA',
    'Boise, ID',
    'Chicago, IL',
    'Aurora, IL',
    'Indianapolis, IN',
    'Des Moines, IA',
    'Wichita, KS',
    'Louisville, KY',
    'New Orleans, LA',
    'Baltimore, MD',
    'Boston, MA',
    'Detroit, MI',
    'Grand Rapids, MI',
    'Minneapolis, MN',
    'Kansas City, MO',
    'St. Louis, MO',
    'Omaha, NE',
    'Las Vegas, NV',
    'Reno, NV',
    'Newark, NJ',
    'Albuquerque, NM',
    'New York, NY',
    'Buffalo, NY',
    'Charlotte, NC',
    'Raleigh, NC',
    'Columbus, OH',
    'Cleveland, OH',
    'Cincinnati, OH',
    'Oklahoma City, OK',
    'Portland, OR',
    'Philadelphia, PA',
    'Pittsburgh, PA',
    'Nashville, TN',
    'Memphis, TN',
    'Houston, TX',
    'Dallas, TX',
    'San Antonio, TX',
    'Austin, TX',
    'El Paso, TX',
    'Salt Lake City, UT',
    'Richmond, VA',
    'Seattle, WA',
    'Spokane, WA',
    'Milwaukee, WI',
  ],
  shifts: [
    'day shift',
    'night shift',
    'swing shift',
    'weekend shift',
    'overnight shift',
    'early morning shift',
    'second shift',
    'third shift',
    'graveyard shift',
    'split shift',
    'on-call coverage',
    'weekday mornings',
  ],
  certifications: [
    'OSHA 10',
    'OSHA 30',
    'forklift certification',
    'CDL Class A',
    'ServSafe',
    'CPR',
    'First Aid',
    'BLS',
    'HAZMAT endorsement',
    'TWIC card',
    'food handler card',
    'guard card',
    'EPA 608',
    'journeyman license',
    'CNA license',
    'phlebotomy certification',
  ],
  headcounts: [1, 2, 3, 4, 5, 6, 8, 10],
  templates: [
    (p) => `need ${crew(p)} in ${p.place} for the ${p.shift}, ${p.certification} required`,
    (p) => `${crew(p)} for ${p.shift} in ${p.place} with ${p.certification}`,
    (p) => `looking for ${crew(p)} near ${p.place}, ${p.shift}, must have ${p.certification}`,
    (p) => `${p.shift}: ${crew(p)} with ${p.certification} around ${p.place}`,
    (p) => `who can cover ${crew(p)} on the ${p.shift} in ${p.place}? ${p.certification} preferred`,
    (p) => `experienced workers wanted, ${crew(p)} in ${p.place} for ${p.shift}, holds ${p.certification}`,
  ],
};

function radices(v: Vocabulary): number[] {
  return [v.roles.length, v.places.length, v.shifts.length, v.certifications.length, v.headcounts.length, v.templates.length];
}

/** The query for a point of the vocabulary's product space, read as mixed-radix digits. */
export function queryAt(index: number, v: Vocabulary = VOCABULARY): string {
  const digits = radices(v).map((radix) => {
    const digit = index % radix;
    index = Math.floor(index / radix);
    return digit;
  });
  const [role, place, shift, certification, headcount, template] = digits;
  return v.templates[template]({
    role: v.roles[role],
    place: v.places[place],
    shift: v.shifts[shift],
    certification: v.certifications[certification],
    headcount: v.headcounts[headcount],
  });
}

function mix(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/** A keyed bijection on [0, 4^half): a 4-round Feistel network over two half-width words. */
function feistel(x: number, keys: readonly number[], half: number): number {
  const mask = (1 << half) - 1;
  let left = x >>> half;
  let right = x & mask;
  for (const key of keys) [left, right] = [right, left ^ (mix(right ^ key) & mask)];
  return ((left << half) | right) >>> 0;
}

/**
 * Walks the product space in a seeded pseudo-random order: a Feistel network
 * permutes the next power of four, and cycle-walking (re-applying it until the
 * value falls inside the space) keeps that a permutation of [0, N). So the first
 * N draws are all distinct without remembering what was drawn; past N the texts
 * come back numbered.
 */
export function queryPool(seed: number, v: Vocabulary = VOCABULARY): QueryPool {
  const size = radices(v).reduce((n, r) => n * r, 1);
  const half = Math.max(1, Math.ceil(Math.log2(size) / 2));
  if (half > 15) throw new Error('query vocabulary too large for 30-bit permutation');
  const random = seededRandom(seed);
  const keys = [0, 1, 2, 3].map(() => random.int(0, 0x7fffffff));
  let drawn = 0;
  return {
    size,
    next() {
      const lap = Math.floor(drawn / size);
      let index = drawn % size;
      do index = feistel(index, keys, half);
      while (index >= size);
      drawn++;
      const text = queryAt(index, v);
      return lap === 0 ? text : `${text} (request ${lap + 1})`;
    },
  };
}

/**
 * A fixed pool of `size` texts from queryPool(seed), handed out in turn: how the earlier stack's
 * harness fed its searches. Repeats hit the result cache, so a run with it is labelled as such.
 */
export function rotatingPool(seed: number, size: number): QueryPool {
  const source = queryPool(seed);
  const texts = Array.from({ length: Math.min(size, source.size) }, () => source.next());
  let drawn = 0;
  return { size: texts.length, next: () => texts[drawn++ % texts.length] };
}
