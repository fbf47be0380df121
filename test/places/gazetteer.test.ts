import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PLACES } from '../../src/demo/places.ts';
import { cityKey, loadGazetteer, milesBetween } from '../../src/places/gazetteer.ts';

const gazetteer = await loadGazetteer();
const at = (city: string, state?: string) => {
  const place = gazetteer.find(city, state);
  assert.ok(place, `${city}, ${state ?? '?'} is unknown`);
  return place;
};

test('loads once per process and holds the US places (50 states, DC, PR)', async () => {
  assert.equal(await loadGazetteer(), gazetteer);
  assert.ok(gazetteer.size > 15_000 && gazetteer.size < 20_000, `size ${gazetteer.size}`);
  assert.equal(at('San Juan', 'PR').state, 'PR');
  assert.equal(gazetteer.find('Mississauga'), undefined, 'no Canadian places');
  assert.equal(gazetteer.find('Toronto', 'ON'), undefined);
  assert.equal(at('Toronto').state, 'OH', 'the US Toronto, a town in Ohio');
});

test('finds Dallas, TX by coordinates, in any case', () => {
  const dallas = at('Dallas', 'TX');
  assert.ok(Math.abs(dallas.lat - 32.78) < 0.1 && Math.abs(dallas.lon + 96.8) < 0.1, JSON.stringify(dallas));
  assert.deepEqual(at('dallas', 'tx'), dallas);
  assert.deepEqual(at(' DALLAS ', ' Tx '), dallas);
});

test('without a state the most populous place of that name wins', () => {
  assert.equal(at('Portland').state, 'OR');
  assert.equal(at('Portland', 'ME').state, 'ME');
  const portlands = gazetteer.named('portland');
  assert.deepEqual(
    portlands.slice(0, 2).map((p) => p.state),
    ['OR', 'ME'],
  );
  for (let i = 1; i < portlands.length; i++) assert.ok(portlands[i - 1].population >= portlands[i].population);
  assert.equal(new Set(portlands.map((p) => p.state)).size, portlands.length, 'one place per state');
});

test('St. Louis, Saint Louis and st louis are one place', () => {
  const places = ['St. Louis', 'Saint Louis', 'st louis'].map((c) => at(c, 'MO'));
  assert.deepEqual(places[1], places[0]);
  assert.deepEqual(places[2], places[0]);
  assert.ok(places[0].population > 250_000);
});

test('cityKey folds punctuation, case, diacritics and abbreviations', () => {
  assert.equal(cityKey('Winston-Salem'), cityKey('winston salem'));
  assert.equal(cityKey('Ft Worth'), cityKey('Fort Worth'));
  assert.equal(cityKey('Mt. Pleasant'), 'mount pleasant');
  assert.equal(cityKey('Ste. Genevieve'), 'sainte genevieve');
  assert.equal(cityKey('Cañon City'), 'canon city');
  assert.equal(cityKey("Coeur d'Alene"), cityKey('Coeur dAlene'));
  assert.equal(cityKey('Washington, D.C.'), cityKey('Washington DC'));
  assert.equal(cityKey('  Saint--Paul '), 'saint paul');
  assert.equal(at('Ft Worth', 'TX').city, 'Fort Worth');
});

test('consolidated and formal GeoNames names resolve by their common name', () => {
  assert.equal(at('Washington', 'DC').city, 'Washington, D.C.');
  assert.equal(at('Washington, DC').state, 'DC');
  assert.equal(at('New York', 'NY').city, 'New York City');
  // An alias never hides a place that really has the name.
  assert.equal(at('Lexington', 'KY').city, 'Lexington');
  assert.equal(at('Kailua', 'HI').city, 'Kailua');
});

test('unknown places are undefined', () => {
  assert.equal(gazetteer.find('Nowhereville', 'TX'), undefined);
  assert.equal(gazetteer.find('Dallas', 'ZZ'), undefined);
  assert.equal(gazetteer.find(''), undefined);
  assert.deepEqual(gazetteer.named('Nowhereville'), []);
});

test('milesBetween is the great-circle distance in miles', () => {
  const dallas = at('Dallas', 'TX');
  const fortWorth = milesBetween(dallas, at('Fort Worth', 'TX'));
  const houston = milesBetween(dallas, at('Houston', 'TX'));
  assert.ok(fortWorth > 25 && fortWorth < 40, `Dallas-Fort Worth ${fortWorth}`);
  assert.ok(houston > 220 && houston < 250, `Dallas-Houston ${houston}`);
  assert.equal(milesBetween(dallas, dallas), 0);
  assert.ok(Math.abs(milesBetween({ lat: 0, lon: 0 }, { lat: 0, lon: 180 }) - Math.PI * 3958.8) < 1e-6);
});

test('every seed place resolves, in its own state', () => {
  const unresolved = PLACES.filter((p) => gazetteer.find(p.city, p.state)?.state !== p.state);
  assert.deepEqual(
    unresolved.map((p) => `${p.city}, ${p.state}`),
    [],
  );
});

test('a failed load rejects with the child stderr and is retried on the next call', { skip: process.platform === 'win32' }, async (t) => {
  // A fresh module instance, so the gazetteer memoised above is untouched.
  const fresh = new URL('../../src/places/gazetteer.ts?failing', import.meta.url).href;
  const { loadGazetteer: load } = (await import(fresh)) as typeof import('../../src/places/gazetteer.ts');
  const dir = mkdtempSync(join(tmpdir(), 'gazetteer-'));
  const execPath = process.execPath;
  t.after(() => {
    process.execPath = execPath;
    rmSync(dir, { recursive: true, force: true });
  });
  // Each call must spawn again: the second failure has its own message.
  for (const word of ['first', 'second']) {
    process.execPath = join(dir, word);
    writeFileSync(process.execPath, `#!/bin/sh\necho ${word} failure >&2\nexit 3\n`, { mode: 0o755 });
    await assert.rejects(load(), { message: `gazetteer loader exited with code 3; stderr:\n${word} failure` });
  }
});
