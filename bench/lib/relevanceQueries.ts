/**
 * Labelled coordinator queries, drawn deterministically from the corpus so each
 * asks for (role, place, certification, shift) combinations that exist in it.
 * Every query carries its intent in corpus terms (reworded titles and
 * certifications); the text uses coordinator wording (relevanceWording.ts).
 */
import { PLACES } from '../../src/demo/places.ts';
import { seededRandom, type Random } from '../../src/demo/random.ts';
import { ROLES } from '../../src/demo/roles.ts';
import { AVAILABILITY } from '../../src/workers/worker.ts';
import { corpusCert } from './relevanceCorpus.ts';
import { judge, placeTest, type Intent, type LabelledQuery, type PlaceIntent, type QueryType, type Truth } from './relevanceGrade.ts';
import { mangleCase, typoPhrase } from './relevanceTypos.ts';
import {
  BROAD_TERMS,
  CERT_WORDING,
  NICKNAMES,
  plural,
  ROLE_WORDING,
  SHIFT_WORDING,
  STATE_NAMES,
  SUBURB_ANCHORS,
  type RoleWording,
  type Shift,
} from './relevanceWording.ts';

/** Queries per type (readme is the one fixed query). */
export const TARGETS: Record<Exclude<QueryType, 'readme'>, number> = {
  role_city: 25,
  full: 25,
  near: 24,
  state: 18,
  synonym: 24,
  misspelled: 20,
  relaxed: 18,
};
export const README_QUERY = 'forklift operator, nights, OSHA 10, Dallas';
const RELAXED_MILES = 50;
const PER_PLACE = 3;

const CERT_SAY = new Map(CERT_WORDING.filter((c) => c.say.length).map((c) => [c.from, c.say]));
const GENERATOR_CERTS = new Map(ROLES.map((r) => [r.title, r.certifications]));
const DUPLICATE_CITY = new Set(PLACES.map((p) => p.city).filter((c, i, all) => all.indexOf(c) !== i));

function shuffle<T>(items: readonly T[], random: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

type Pair = { w: RoleWording; place: number };

class Builder {
  readonly out: LabelledQuery[] = [];
  private readonly seen = new Set<string>();
  private readonly placeUses = new Map<string, number>();
  /** Active workers per corpus title per PLACES index. */
  private readonly exact = new Map<string, number[]>();

  constructor(
    readonly truth: Truth,
    readonly seed: number,
  ) {
    for (const [title, workers] of truth.activeByRole) {
      const counts = PLACES.map(() => 0);
      for (const w of workers) counts[w.place]++;
      this.exact.set(title, counts);
    }
  }

  /** A stream per type, so changing one type's generation leaves the others' queries alone. */
  random(type: QueryType): Random {
    return seededRandom(this.seed * 1009 + [...type].reduce((h, ch) => h * 31 + ch.charCodeAt(0), 7));
  }

  exactCount(title: string, place: number): number {
    return this.exact.get(title)?.[place] ?? 0;
  }

  /** Active workers of `roles` in `place` (grade >= 2 possible). */
  countIn(roles: readonly string[], place: PlaceIntent): number {
    const inPlace = placeTest(this.truth.geo, place);
    return roles.reduce((n, r) => n + (this.truth.activeByRole.get(r) ?? []).filter((w) => inPlace(w.place)).length, 0);
  }

  /** No corpus city within 1.5 miles of the radius edge, where another gazetteer's centroid could flip it. */
  clearEdge(city: string, state: string, miles: number): boolean {
    return this.truth.geo.milesFrom(this.truth.geo.anchor(city, state)).every((d) => Math.abs(d - miles) > 1.5);
  }

  cityText(place: number, random: Random, withState = random.chance(0.35)): string {
    const p = PLACES[place];
    const named = withState || DUPLICATE_CITY.has(p.city) || this.truth.geo.sharedName(p.city, p.state);
    return named ? `${p.city}, ${p.state}` : p.city;
  }

  anchorText(city: string, state: string, random: Random): string {
    return random.chance(0.35) || this.truth.geo.sharedName(city, state) ? `${city}, ${state}` : city;
  }

  /**
   * Adds the query unless its text was used, its place already has `PER_PLACE`
   * queries of this type (big metros would otherwise take most of them), or
   * fewer than `minPerfect` grade-3 workers exist.
   */
  add(type: QueryType, text: string, intent: Intent, minPerfect = 1): boolean {
    const key = text.toLowerCase();
    const where = `${type}|${JSON.stringify(intent.place)}`;
    if (this.seen.has(key) || (this.placeUses.get(where) ?? 0) >= PER_PLACE) return false;
    if (judge(this.truth, intent).n3 < minPerfect) return false;
    this.seen.add(key);
    this.placeUses.set(where, (this.placeUses.get(where) ?? 0) + 1);
    this.out.push({ type, text, intent });
    return true;
  }

  count(type: QueryType): number {
    return this.out.filter((q) => q.type === type).length;
  }

  /** Pairs grouped by role and dealt round-robin over shuffled roles: many roles, not just the big ones. */
  deal(pairs: Pair[], random: Random): Pair[] {
    const byRole = new Map<string, Pair[]>();
    for (const p of shuffle(pairs, random)) byRole.set(p.w.title, [...(byRole.get(p.w.title) ?? []), p]);
    const queues = shuffle([...byRole.values()], random);
    const dealt: Pair[] = [];
    for (let round = 0; dealt.length < pairs.length; round++) {
      for (const q of queues) if (q[round]) dealt.push(q[round]);
    }
    return dealt;
  }

  pairs(test: (w: RoleWording, place: number) => boolean): Pair[] {
    return ROLE_WORDING.flatMap((w) => PLACES.map((_, place) => ({ w, place }))).filter(({ w, place }) => test(w, place));
  }
}

const exactPlace = (place: number): PlaceIntent => ({ city: PLACES[place].city, state: PLACES[place].state });
/** The corpus place and title of a generator city and role (for the hand-written queries). */
const at = (city: string): PlaceIntent => exactPlace(PLACES.findIndex((p) => p.city === city));
const title = (from: string): string => ROLE_WORDING.find((w) => w.from === from)!.title;
const intentOf = (roles: string[], place: PlaceIntent, certifications: string[] = [], shifts: Shift[] = []): Intent => ({
  roles,
  place,
  certifications,
  shifts,
});

const ROLE_CITY_FORMS: ((say: string, city: string) => string)[] = [
  (s, c) => `${s} ${c}`,
  (s, c) => `${plural(s)} in ${c}`,
  (s, c) => `${s} in ${c}`,
  (s, c) => `need ${plural(s)} in ${c}`,
  (s, c) => `looking for ${plural(s)} in ${c}`,
];

function roleCity(
  b: Builder,
  type: 'role_city' | 'relaxed',
  test: (w: RoleWording, place: number) => boolean,
  placeOf: (place: number) => PlaceIntent,
): void {
  const random = b.random(type);
  for (const { w, place } of b.deal(b.pairs(test), random)) {
    if (b.count(type) >= TARGETS[type]) break;
    const text = random.pick(ROLE_CITY_FORMS)(random.pick(w.say), b.cityText(place, random));
    b.add(type, text, intentOf([w.title], placeOf(place)));
  }
}

/** A certification of the role that coordinators ask for, the role's more essential ones more often. */
function pickCert(w: RoleWording, random: Random): string | undefined {
  const asked = (GENERATOR_CERTS.get(w.from) ?? []).filter((c) => CERT_SAY.has(c));
  return asked.length ? asked[Math.min(asked.length - 1, Math.floor(random.next() * random.next() * asked.length))] : undefined;
}

const FULL_FORMS: ((p: {
  crew: string;
  say: string;
  place: string;
  city: string;
  shift: string;
  plain: string;
  cert: string;
}) => string)[] = [
  // The load harness's templates (loadtest/queries.ts) that name one city, not a radius.
  (p) => `need ${p.crew} in ${p.place} for the ${p.shift}, ${p.cert} required`,
  (p) => `${p.crew} for ${p.shift} in ${p.place} with ${p.cert}`,
  (p) => `who can cover ${p.crew} on the ${p.shift} in ${p.place}? ${p.cert} preferred`,
  (p) => `experienced workers wanted, ${p.crew} in ${p.place} for ${p.shift}, holds ${p.cert}`,
  // Free forms, as typed into a search box.
  (p) => `${p.say}, ${p.plain}, ${p.cert}, ${p.city}`,
  (p) => `${p.say} ${p.city} ${p.plain} ${p.cert}`,
];

function full(b: Builder): void {
  const random = b.random('full');
  for (const { w, place } of b.deal(
    b.pairs((w, p) => b.exactCount(w.title, p) >= 5),
    random,
  )) {
    if (b.count('full') >= TARGETS.full) break;
    for (let attempt = 0; attempt < 6; attempt++) {
      const cert = pickCert(w, random);
      if (!cert) break;
      const shift = random.pick(AVAILABILITY);
      const say = random.pick(w.say);
      const n = random.pick([1, 2, 3, 4, 5, 6, 8, 10]);
      const text = random.pick(FULL_FORMS)({
        crew: n === 1 ? `one ${say}` : `${n} ${plural(say)}`,
        say,
        place: `${PLACES[place].city}, ${PLACES[place].state}`,
        city: b.cityText(place, random),
        shift: SHIFT_WORDING[shift].withShift,
        plain: random.pick(SHIFT_WORDING[shift].plain),
        cert: random.pick(CERT_SAY.get(cert) ?? []),
      });
      if (b.add('full', text, intentOf([w.title], exactPlace(place), [corpusCert(cert)], [shift]))) break;
    }
  }
}

interface Area {
  text: (say: string, random: Random) => string;
  city: string;
  state: string;
  miles: number;
}

function near(b: Builder): void {
  const random = b.random('near');
  const areas: Area[] = [
    ...NICKNAMES.map(
      (n): Area => ({
        ...n,
        text: (s, r) => (n.say.startsWith('the ') ? `${plural(s)} in ${n.say}` : r.chance(0.5) ? `${n.say} ${plural(s)}` : `${s} ${n.say}`),
      }),
    ),
    ...SUBURB_ANCHORS.map(
      (a): Area => ({
        ...a,
        miles: 25,
        text: (s, r) =>
          r.chance(0.5) ? `${s} near ${b.anchorText(a.city, a.state, r)}` : `${plural(s)} around ${b.anchorText(a.city, a.state, r)}`,
      }),
    ),
    // Metro cores, as "X area" (30 miles) or "near X" (25).
    ...[
      'Dallas',
      'Fort Worth',
      'Los Angeles',
      'Chicago',
      'Seattle',
      'Minneapolis',
      'Miami',
      'Boston',
      'Phoenix',
      'Newark',
      'Denver',
      'Houston',
    ]
      .map((city) => PLACES.find((p) => p.city === city)!)
      .map(
        (p, i): Area =>
          i % 2
            ? {
                city: p.city,
                state: p.state,
                miles: 30,
                text: (s, r) => (r.chance(0.5) ? `${s} ${p.city} area` : `${plural(s)} in the ${p.city} area`),
              }
            : { city: p.city, state: p.state, miles: 25, text: (s) => `${s} near ${p.city}` },
      ),
  ];
  for (const area of shuffle(areas, random)) {
    if (b.count('near') >= TARGETS.near) break;
    if (!b.clearEdge(area.city, area.state, area.miles)) continue;
    const place: PlaceIntent = { city: area.city, state: area.state, miles: area.miles };
    const roles = shuffle(ROLE_WORDING, random).filter((w) => b.countIn([w.title], place) >= 10);
    const w = roles[0];
    if (w) b.add('near', area.text(random.pick(w.say), random), intentOf([w.title], place));
  }
}

const STATE_FORMS: ((say: string, state: string) => string)[] = [
  (s, st) => `${s} in ${st}`,
  (s, st) => `${s} anywhere in ${st}`,
  (s, st) => `${plural(s)} across ${st}`,
  (s, st) => `${st} ${plural(s)}`,
];

function state(b: Builder): void {
  const random = b.random('state');
  // New York and Washington are also city names: "in Washington" would not say which.
  const states = [...new Set(PLACES.map((p) => p.state))].filter((s) => !['NY', 'WA', 'DC'].includes(s));
  const pairs = ROLE_WORDING.flatMap((w) => states.map((st) => ({ w, st }))).filter(
    ({ w, st }) => b.countIn([w.title], { state: st }) >= 10,
  );
  const byRole = b.deal(
    pairs.map(({ w, st }) => ({ w, place: states.indexOf(st) })),
    random,
  );
  b.add('state', 'bartender in Texas', intentOf(['Bartender'], { state: 'TX' }));
  for (const { w, place } of byRole) {
    if (b.count('state') >= TARGETS.state) break;
    const st = states[place];
    b.add('state', random.pick(STATE_FORMS)(random.pick(w.say), STATE_NAMES[st]), intentOf([w.title], { state: st }));
  }
}

function synonym(b: Builder): void {
  const random = b.random('synonym');
  b.add('synonym', 'forklift driver graveyard Dallas', intentOf([title('Forklift Operator')], at('Dallas'), [], ['nights']));
  b.add('synonym', 'class A driver Memphis', intentOf([title('CDL-A Truck Driver')], { city: 'Memphis', state: 'TN' }));
  b.add(
    'synonym',
    'security guard 3rd shift Chicago',
    intentOf([title('Security Guard')], { city: 'Chicago', state: 'IL' }, [], ['nights']),
  );
  // Broad words and role synonyms, each with a place where the role is well stocked.
  // Broad words first (they take two roles each), then role synonyms in a shuffled order.
  const broad = BROAD_TERMS.map((t) => ({ say: [t.say], roles: t.from.map(title), certFrom: undefined as RoleWording | undefined }));
  const terms = ROLE_WORDING.map((w) => ({ say: w.syn, roles: [w.title], certFrom: w as RoleWording | undefined }));
  for (let round = 0; round < 3 && b.count('synonym') < TARGETS.synonym; round++) {
    for (const t of [...(round === 0 ? broad : []), ...shuffle(terms, random)]) {
      if (b.count('synonym') >= TARGETS.synonym) break;
      const places = PLACES.map((_, i) => i).filter((i) => t.roles.reduce((n, r) => n + b.exactCount(r, i), 0) >= 5);
      if (!places.length) continue;
      const place = random.pick(places);
      const say = random.pick(t.say);
      const city = b.cityText(place, random);
      const shift = random.pick(AVAILABILITY);
      const shiftSyn = random.pick(SHIFT_WORDING[shift].syn);
      const cert = t.certFrom && random.chance(0.25) ? pickCert(t.certFrom, random) : undefined;
      if (cert) {
        const text = `${say} with ${random.pick(CERT_SAY.get(cert) ?? [])} ${city}`;
        b.add('synonym', text, intentOf(t.roles, exactPlace(place), [corpusCert(cert)]));
      } else if (random.chance(0.7)) {
        const form = random.int(0, 2);
        const text =
          form === 0 ? `${say} ${shiftSyn} ${city}` : form === 1 ? `${say} ${city} ${shiftSyn}` : `${shiftSyn} ${say} in ${city}`;
        b.add('synonym', text, intentOf(t.roles, exactPlace(place), [], [shift]));
      } else {
        b.add('synonym', `${plural(say)} ${city}`, intentOf(t.roles, exactPlace(place)));
      }
    }
  }
}

function misspelled(b: Builder): void {
  const random = b.random('misspelled');
  b.add('misspelled', 'forklfit opertor DALLAS', intentOf([title('Forklift Operator')], at('Dallas')));
  b.add('misspelled', 'welder hoston', intentOf(['Welder'], at('Houston')));
  b.add('misspelled', 'phlebotomist in San Antonoi', intentOf(['Phlebotomist'], at('San Antonio')));
  for (const { w, place } of b.deal(
    b.pairs((w, p) => b.exactCount(w.title, p) >= 5),
    random,
  )) {
    if (b.count('misspelled') >= TARGETS.misspelled) break;
    const role0 = random.pick(w.say);
    const city0 = b.cityText(place, random, false);
    let [role, city] = [role0, city0];
    const where = random.int(0, 2); // 0 role, 1 city, 2 both
    if (where !== 1) role = typoPhrase(role, random);
    if (where !== 0) city = typoPhrase(city, random);
    // A real misspelling, not only odd case: some names have no word long enough to garble.
    if (role.toLowerCase() === role0.toLowerCase() && city.toLowerCase() === city0.toLowerCase()) continue;
    if (random.chance(0.5)) city = mangleCase(city, random);
    // biome-ignore lint/suspicious/noDuplicateElseIf: each chance() is a fresh draw (a 50 % then 25 % split); rewording it would change the seeded query set
    else if (random.chance(0.5)) role = mangleCase(role, random);
    const shift = random.chance(0.3) ? random.pick(AVAILABILITY) : undefined;
    const text = shift ? `${role} ${city} ${random.pick(SHIFT_WORDING[shift].plain)}` : random.pick(ROLE_CITY_FORMS)(role, city);
    b.add('misspelled', text, intentOf([w.title], exactPlace(place), [], shift ? [shift] : []), 3);
  }
}

/** The labelled query set for a corpus: deterministic from its rows and the seed. */
export function buildQueries(truth: Truth, seed: number): LabelledQuery[] {
  const b = new Builder(truth, seed);
  b.add(
    'readme',
    README_QUERY,
    intentOf([title('Forklift Operator')], { city: 'Dallas', state: 'TX' }, [corpusCert('OSHA 10')], ['nights']),
    0,
  );
  roleCity(b, 'role_city', (w, p) => b.exactCount(w.title, p) >= 10, exactPlace);
  full(b);
  near(b);
  state(b);
  synonym(b);
  misspelled(b);
  // Few in the city itself, enough within 50 miles: the answer has to come from nearby.
  roleCity(
    b,
    'relaxed',
    (w, p) =>
      b.exactCount(w.title, p) < 10 &&
      b.clearEdge(PLACES[p].city, PLACES[p].state, RELAXED_MILES) &&
      b.countIn([w.title], { city: PLACES[p].city, state: PLACES[p].state, miles: RELAXED_MILES }) >= 10,
    (p) => ({ city: PLACES[p].city, state: PLACES[p].state, miles: RELAXED_MILES }),
  );
  return b.out;
}
