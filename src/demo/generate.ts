import { AVAILABILITY, type Worker } from '../workers/worker.ts';
import { FIRST_NAMES, LAST_NAMES } from './names.ts';
import { PLACES, type Place } from './places.ts';
import { cumulativeWeights, seededRandom, weightedIndex, type Random } from './random.ts';
import { GENERIC_CERTIFICATIONS, ROLES, type Role } from './roles.ts';
import { workerSummary } from './summary.ts';

type Shift = (typeof AVAILABILITY)[number];

const EMAIL_DOMAINS = ['example.com', 'example.org', 'example.net'];
/** Chance of holding the role's 1st, 2nd, ... certification (the list is most essential first). */
const CERT_ODDS = [0.85, 0.55, 0.35, 0.25, 0.2];
const GENERIC_CERT_ODDS = 0.07;
const SHIFT_WEIGHTS: Record<Shift, number> = { days: 0.6, nights: 0.3, swing: 0.25, weekends: 0.35, on_call: 0.15 };
const SHIFT_CUMULATIVE = cumulativeWeights(AVAILABILITY.map((s) => SHIFT_WEIGHTS[s]));
const ACTIVE_SHARE = 0.92;

const round = (x: number, places: number) => Math.round(x * 10 ** places) / 10 ** places;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

export function workerId(index: number): string {
  return `w-${String(index).padStart(6, '0')}`;
}

/** Lower-case ASCII letters only, so names like José or O'Brien give valid local parts. */
function emailPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

function emailAddress(first: string, last: string, index: number, random: Random): string {
  return `${emailPart(first)}.${emailPart(last)}.${index}@${random.pick(EMAIL_DOMAINS)}`;
}

/** NANP E.164: +1 NPA NXX XXXX; exchange avoids N11 service codes and the fictional 555. */
function phoneNumber(place: Place, random: Random): string {
  const area = random.pick(place.areaCodes);
  let exchange: string;
  do exchange = `${random.int(2, 9)}${random.int(0, 9)}${random.int(0, 9)}`;
  while (exchange.endsWith('11') || exchange === '555');
  const line = String(random.int(0, 9999)).padStart(4, '0');
  return `+1${area}${exchange}${line}`;
}

/** Exponential with mean 6, capped at 30: most staffing workers are early in their careers. */
function yearsOfExperience(random: Random): number {
  return Math.min(30, Math.floor(-Math.log(1 - random.next()) * 6));
}

function hourlyRate(role: Role, years: number, random: Random): number {
  const [lo, hi] = role.rate;
  const seniority = clamp(0.1 + (0.7 * Math.min(years, 20)) / 20 + random.normal(0, 0.08), 0, 1);
  return round(lo + (hi - lo) * seniority, 2);
}

function rating(random: Random): number {
  if (random.chance(0.04)) return round(1 + random.next() * 2.4, 1);
  return round(clamp(random.normal(4.15, 0.35), 3, 5), 1);
}

function reliability(workerRating: number, random: Random): number {
  return round(clamp(random.normal(0.86 + (workerRating - 4.15) * 0.1, 0.08), 0.5, 1), 2);
}

function availability(random: Random): Shift[] {
  const want = random.chance(0.45) ? 1 : random.chance(0.73) ? 2 : 3;
  const chosen = new Set<Shift>();
  while (chosen.size < want) chosen.add(AVAILABILITY[weightedIndex(SHIFT_CUMULATIVE, random)]);
  return AVAILABILITY.filter((s) => chosen.has(s));
}

function certifications(role: Role, random: Random): string[] {
  const held = role.certifications.filter((_, i) => random.chance(CERT_ODDS[Math.min(i, CERT_ODDS.length - 1)]));
  for (const cert of GENERIC_CERTIFICATIONS) {
    if (!held.includes(cert) && random.chance(GENERIC_CERT_ODDS)) held.push(cert);
  }
  return held;
}

function skills(role: Role, random: Random): string[] {
  return random.sample(role.skills, random.int(3, Math.min(7, role.skills.length)));
}

interface Pools {
  random: Random;
  places: number[];
  roles: number[];
}

function worker(index: number, { random, places, roles }: Pools): Worker {
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const place = PLACES[weightedIndex(places, random)];
  const role = ROLES[weightedIndex(roles, random)];
  const years = yearsOfExperience(random);
  const workerSkills = skills(role, random);
  const certs = certifications(role, random);
  const shifts = availability(random);
  const workerRating = rating(random);
  return {
    id: workerId(index),
    name: `${first} ${last}`,
    email: emailAddress(first, last, index, random),
    phone: phoneNumber(place, random),
    city: place.city,
    state: place.state,
    role: role.title,
    skills: workerSkills,
    certifications: certs,
    years_experience: years,
    hourly_rate: hourlyRate(role, years, random),
    rating: workerRating,
    reliability: reliability(workerRating, random),
    availability: shifts,
    status: random.chance(ACTIVE_SHARE) ? 'active' : 'inactive',
    summary: workerSummary({ role, years, skills: workerSkills, certifications: certs, availability: shifts }, random),
  };
}

/**
 * A deterministic synthetic pool: the same seed always yields the same workers
 * in the same order, and a shorter run is a prefix of a longer one.
 */
export function* generateWorkers(count: number, seed = 42): Generator<Worker> {
  const pools: Pools = {
    random: seededRandom(seed),
    places: cumulativeWeights(PLACES.map((p) => p.weight)),
    roles: cumulativeWeights(ROLES.map((r) => r.weight)),
  };
  for (let i = 1; i <= count; i++) yield worker(i, pools);
}
