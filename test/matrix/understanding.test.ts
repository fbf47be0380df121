import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { loadGazetteer } from '../../src/places/gazetteer.ts';
import { interpretQuery, type Understanding } from '../../src/matrix/understanding/interpret.ts';
import { STAFFING_LEXICON } from '../../src/matrix/understanding/lexicon.ts';
import { singular, words } from '../../src/matrix/understanding/text.ts';
import { type CorpusTerms, Vocabulary } from '../../src/matrix/understanding/vocabulary.ts';

/** A corpus worded unlike the demo generator: nothing here comes from src/demo/. */
const TERMS: CorpusTerms = {
  roles: [
    'Lift Truck Operator',
    'Custodian',
    'CNA',
    'Welder',
    'Senior Welder',
    'Unarmed Security Officer',
    'Line Cook',
    'Prep Cook',
    'Class A CDL Driver',
    'Delivery Driver',
    'Electrician Helper',
    'Journeyman Electrician',
    'Forklift Operator II',
    'Production Worker',
  ].map((value, i) => ({ value, count: 100 - i })),
  places: [
    ['Dallas', 'TX', 90],
    ['Fort Worth', 'TX', 40],
    ['Plano', 'TX', 10],
    ['Houston', 'TX', 120],
    ['Phoenix', 'AZ', 80],
    ['Mesa', 'AZ', 20],
    ['Portland', 'OR', 50],
    ['Portland', 'ME', 5],
    ['St. Louis', 'MO', 30],
    ['Saint Louis', 'MO', 3],
    ['Aurora', 'IL', 8],
    ['Indianapolis', 'IN', 25],
    ['Minneapolis', 'MN', 30],
    ['Los Angeles', 'CA', 200],
  ].map(([city, state, count]) => ({ city: city as string, state: state as string, count: count as number })),
  certifications: ['OSHA-10 Hour', 'Forklift Certified', 'ServSafe Food Handler', 'CPR/AED', 'Class A CDL', 'Guard Card'].map((value) => ({
    value,
    count: 10,
  })),
  skills: ['Reach Truck', 'Pallet Jack', 'MIG Welding', 'Floor Care', 'Forklift'].map((value) => ({ value, count: 10 })),
};

interface Case {
  query: string;
  role?: string;
  roles?: string[];
  place?: { city?: string; state: string; miles?: number };
  certifications?: string[];
  skills?: string[];
  shifts?: string[];
  headcount?: number;
  unmatched?: string[];
  corrected?: boolean;
}

const CASES: Case[] = [
  {
    query: 'forklift operator, nights, OSHA 10, Dallas',
    roles: ['lift truck operator', 'forklift operator ii'],
    place: { city: 'Dallas', state: 'TX' },
    certifications: ['OSHA-10 Hour'],
    shifts: ['nights'],
  },
  {
    query: 'FORKLIFT DRIVERS near Fort Worth',
    roles: ['lift truck operator', 'forklift operator ii'],
    place: { city: 'Fort Worth', state: 'TX', miles: 25 },
  },
  {
    query: "need 3 forklift drivers near Dallas for graveyard, OSHA-10 req'd",
    place: { city: 'Dallas', state: 'TX', miles: 25 },
    shifts: ['nights'],
    certifications: ['OSHA-10 Hour'],
    headcount: 3,
    unmatched: [],
  },
  { query: 'janitor 2nd shift DFW', role: 'Custodian', place: { city: 'Dallas', state: 'TX', miles: 40 }, shifts: ['swing'] },
  { query: 'custodians third shift in plano, tx', role: 'Custodian', place: { city: 'Plano', state: 'TX' }, shifts: ['nights'] },
  { query: 'CNAs weekends Phoenix', role: 'CNA', place: { city: 'Phoenix', state: 'AZ' }, shifts: ['weekends'] },
  { query: 'certified nursing assistant around Mesa AZ', role: 'CNA', place: { city: 'Mesa', state: 'AZ', miles: 25 } },
  {
    query: 'forklfit opertor dalas',
    roles: ['lift truck operator', 'forklift operator ii'],
    place: { city: 'Dallas', state: 'TX' },
    corrected: true,
  },
  { query: 'Welder in Portland, ME', roles: ['welder', 'senior welder'], place: { city: 'Portland', state: 'ME' } },
  { query: 'welder in Portland', place: { city: 'Portland', state: 'OR' } },
  { query: 'welders in Aurora, CO', place: { city: 'Aurora', state: 'CO' } },
  { query: 'welders Saint Louis', place: { city: 'St. Louis', state: 'MO' } },
  { query: 'st louis welders', place: { city: 'St. Louis', state: 'MO' } },
  { query: 'two cooks in Texas', roles: ['line cook', 'prep cook'], place: { state: 'TX' }, headcount: 2 },
  {
    query: 'security guard overnight Houston TX',
    role: 'Unarmed Security Officer',
    place: { city: 'Houston', state: 'TX' },
    shifts: ['nights'],
  },
  {
    query: 'class a driver with cdl-a, Houston',
    role: 'Class A CDL Driver',
    certifications: ['Class A CDL'],
    place: { city: 'Houston', state: 'TX' },
  },
  { query: 'welder within 50 miles of Houston', place: { city: 'Houston', state: 'TX', miles: 50 } },
  { query: 'welder near Boise', place: { city: 'Boise', state: 'ID', miles: 25 } },
  { query: 'welder in Tulsa, OK', place: { city: 'Tulsa', state: 'OK' } },
  { query: 'forklift operator with reach truck and pallet jack, weekends', skills: ['Reach Truck', 'Pallet Jack'], shifts: ['weekends'] },
  { query: 'prep cook servsafe days', role: 'Prep Cook', certifications: ['ServSafe Food Handler'], shifts: ['days'] },
  { query: 'Maria Garcia', unmatched: ['maria', 'garcia'] },
  { query: 'electrician helper twin cities', role: 'Electrician Helper', place: { city: 'Minneapolis', state: 'MN', miles: 25 } },
  { query: 'workers in IN', unmatched: [] },
  { query: 'welders Indianapolis IN', place: { city: 'Indianapolis', state: 'IN' } },
  { query: 'welder on call by friday', shifts: ['on_call'] },
];

const placeOf = (u: Understanding) =>
  u.place && {
    ...(u.place.city ? { city: u.place.city } : {}),
    state: u.place.state,
    ...(u.place.miles ? { miles: u.place.miles } : {}),
  };

describe('interpretQuery', () => {
  let vocab: Vocabulary;
  before(async () => {
    vocab = new Vocabulary(TERMS, STAFFING_LEXICON, await loadGazetteer());
  });

  for (const c of CASES) {
    test(c.query, () => {
      const u = interpretQuery(c.query, vocab);
      if (c.role) assert.equal(u.role?.label, c.role);
      if (c.roles) assert.deepEqual([...(u.role?.roles ?? [])].sort(), [...c.roles].sort());
      if (c.place) assert.deepEqual(placeOf(u), c.place);
      if (c.certifications)
        assert.deepEqual(
          u.certifications.map((x) => x.label),
          c.certifications,
        );
      if (c.skills)
        assert.deepEqual(
          u.skills.map((x) => x.label),
          c.skills,
        );
      if (c.shifts) assert.deepEqual(u.shifts, c.shifts);
      if (c.headcount) assert.equal(u.headcount, c.headcount);
      if (c.unmatched) assert.deepEqual(u.unmatched, c.unmatched);
      if (c.corrected) assert.ok(u.corrections.length > 0);
    });
  }

  test('"workers in IN": a lower-case or everyday two-letter word is no state, a generic head noun no role', () => {
    const u = interpretQuery('workers in IN', vocab);
    assert.equal(u.place, undefined);
    assert.equal(u.role, undefined);
  });

  test('a second mention of the same role does not double its label', () => {
    assert.equal(interpretQuery('custodian janitor phoenix', vocab).role?.label, 'Custodian');
  });

  test('"near" with no place after it lends its radius to nothing', () => {
    const u = interpretQuery('welder near friday Dallas', vocab);
    assert.equal(u.place?.miles, undefined);
  });
});

test('words: folded, lower case, plurals singular, joiners dropped', () => {
  assert.deepEqual(
    words('Shipping & Receiving, São Paulo; OSHA-10').map((w) => w.key),
    ['shipping', 'receiving', 'sao', 'paulo', 'osha', '10'],
  );
  assert.deepEqual(
    words('St. Louis and Ft Worth').map((w) => w.text),
    ['saint', 'louis', 'fort', 'worth'],
  );
  assert.deepEqual(['welders', 'batteries', 'boxes', 'glass', 'bus', 'cnas', '10s'].map(singular), [
    'welder',
    'battery',
    'box',
    'glass',
    'bus',
    'cna',
    '10s',
  ]);
});
