import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateWorkers } from '../../src/demo/generate.ts';
import { PLACES, STATE_CODES } from '../../src/demo/places.ts';
import { ROLES } from '../../src/demo/roles.ts';
import { AVAILABILITY, WorkerInput } from '../../src/workers/worker.ts';

const pool = [...generateWorkers(20_000)];
const placeOf = new Map(PLACES.map((p) => [`${p.city}|${p.state}`, p]));
const roleOf = new Map(ROLES.map((r) => [r.title, r]));
const decimals = (x: number) => (String(x).split('.')[1] ?? '').length;

test('the same seed gives the same workers, another seed different ones', () => {
  const first = JSON.stringify([...generateWorkers(1000, 42)]);
  assert.equal(JSON.stringify([...generateWorkers(1000, 42)]), first);
  assert.equal(JSON.stringify(pool.slice(0, 1000)), first, 'default seed is 42 and a short run is a prefix of a long one');
  const other = [...generateWorkers(1000, 43)];
  assert.notEqual(JSON.stringify(other), first);
  assert.ok(other.filter((w, i) => w.name === pool[i].name).length < 100, 'seed 43 is not a shifted copy of seed 42');
});

test('every generated worker is already a valid, normalised WorkerInput', () => {
  for (const worker of pool) assert.deepEqual(WorkerInput.parse(worker), worker);
});

test('ids and emails are unique and well formed', () => {
  assert.equal(new Set(pool.map((w) => w.id)).size, pool.length);
  assert.equal(new Set(pool.map((w) => w.email.toLowerCase())).size, pool.length);
  assert.equal(pool[0].id, 'w-000001');
  assert.equal(pool[19_999].id, 'w-020000');
  for (const w of pool) assert.match(w.email, /^[a-z]+\.[a-z]+\.\d+@example\.(com|org|net)$/);
});

test("phones are NANP numbers in E.164 with an area code of the worker's city", () => {
  for (const w of pool) {
    assert.match(w.phone, /^\+1[2-9]\d{2}[2-9]\d{6}$/);
    const [area, exchange] = [w.phone.slice(2, 5), w.phone.slice(5, 8)];
    assert.ok(!area.endsWith('11') && !exchange.endsWith('11'), `N11 in ${w.phone}`);
    assert.ok(placeOf.get(`${w.city}|${w.state}`)!.areaCodes.includes(area), `${area} does not serve ${w.city}, ${w.state}`);
  }
});

test('places are real cities with their real state', () => {
  assert.ok(PLACES.length >= 120);
  assert.ok(new Set(PLACES.map((p) => p.state)).size >= 40);
  assert.equal(placeOf.size, PLACES.length, 'no city is listed twice in one state');
  for (const p of PLACES) assert.ok(STATE_CODES.includes(p.state), `${p.city}: ${p.state}`);
  const known = {
    Dallas: 'TX',
    Chicago: 'IL',
    Seattle: 'WA',
    Atlanta: 'GA',
    Phoenix: 'AZ',
    Denver: 'CO',
    Boston: 'MA',
    Miami: 'FL',
    Nashville: 'TN',
    Omaha: 'NE',
  };
  for (const [city, state] of Object.entries(known)) {
    assert.deepEqual(
      PLACES.filter((p) => p.city === city).map((p) => p.state),
      [state],
      city,
    );
  }
  for (const w of pool) assert.ok(placeOf.has(`${w.city}|${w.state}`), `${w.city}, ${w.state}`);
});

test('the pool spreads over many cities, states and roles, weighted toward big metros', () => {
  const count = (key: (w: (typeof pool)[number]) => string) => {
    const counts = new Map<string, number>();
    for (const w of pool) counts.set(key(w), (counts.get(key(w)) ?? 0) + 1);
    return counts;
  };
  const cities = count((w) => `${w.city}|${w.state}`);
  assert.ok(cities.size >= 100, `${cities.size} cities`);
  assert.ok(count((w) => w.state).size >= 40);
  assert.ok(count((w) => w.role).size >= 40);
  assert.ok(cities.get('New York|NY')! > 5 * (cities.get('Cheyenne|WY') ?? 0));
});

test('roles carry realistic skills, certifications and pay', () => {
  assert.ok(ROLES.length >= 45);
  for (const role of ROLES) {
    assert.ok(role.skills.length >= 6 && role.skills.length <= 12, role.title);
    assert.equal(new Set(role.skills).size, role.skills.length, role.title);
    assert.ok(role.certifications.length > 0 && role.settings.length > 0, role.title);
    assert.ok(role.rate[0] >= 7.25 && role.rate[0] < role.rate[1], role.title);
  }
  const certsOf = (title: string) => roleOf.get(title)!.certifications;
  for (const cert of ['OSHA 10', 'Forklift Certification']) assert.ok(certsOf('Forklift Operator').includes(cert));
  for (const cert of ['CNA License', 'BLS', 'CPR']) assert.ok(certsOf('Certified Nursing Assistant').includes(cert));
  for (const cert of ['CDL Class A', 'HAZMAT Endorsement', 'DOT Medical Card']) assert.ok(certsOf('CDL-A Truck Driver').includes(cert));
  for (const cert of ['Journeyman License', 'OSHA 30']) assert.ok(certsOf('Electrician').includes(cert));
  for (const cert of ['ServSafe Food Handler', 'TIPS']) assert.ok(certsOf('Banquet Server').includes(cert));
  assert.ok(certsOf('Security Guard').includes('Guard Card'));
});

test('worker attributes stay in their ranges and shapes', () => {
  for (const w of pool) {
    const role = roleOf.get(w.role)!;
    assert.ok(w.skills.length >= 3 && w.skills.length <= 7 && w.skills.every((s) => role.skills.includes(s)), w.id);
    assert.equal(new Set(w.certifications).size, w.certifications.length, w.id);
    assert.ok(Number.isInteger(w.years_experience) && w.years_experience >= 0 && w.years_experience <= 30, w.id);
    assert.ok(w.hourly_rate! >= role.rate[0] && w.hourly_rate! <= role.rate[1] && decimals(w.hourly_rate!) <= 2, w.id);
    assert.ok(w.rating! >= 1 && w.rating! <= 5 && decimals(w.rating!) <= 1, w.id);
    assert.ok(w.reliability! >= 0.5 && w.reliability! <= 1 && decimals(w.reliability!) <= 2, w.id);
    assert.ok(w.availability.length >= 1 && w.availability.length <= 3, w.id);
    assert.deepEqual(
      w.availability,
      AVAILABILITY.filter((a) => w.availability.includes(a)),
      'distinct, in AVAILABILITY order',
    );
    assert.match(w.summary, /^[A-Z].{30,240}\.$/);
  }
});

test('distributions look like a staffing pool', () => {
  const active = pool.filter((w) => w.status === 'active').length / pool.length;
  assert.ok(active > 0.9 && active < 0.94, `active share ${active}`);
  const years = pool.map((w) => w.years_experience).sort((a, b) => a - b);
  assert.ok(years[pool.length / 2] <= 6, 'experience is skewed low');
  const ratings = pool.map((w) => w.rating!);
  const typical = ratings.filter((r) => r >= 3.5 && r <= 4.8).length / ratings.length;
  assert.ok(typical > 0.75, `share of ratings in 3.5-4.8: ${typical}`);
  const forkliftCerts = pool.filter((w) => w.role === 'Forklift Operator' && w.certifications.includes('Forklift Certification')).length;
  const forklifts = pool.filter((w) => w.role === 'Forklift Operator').length;
  assert.ok(forkliftCerts / forklifts > 0.75, 'most forklift operators hold the certification');
});
