import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { openDatabase } from '../../src/db/open.ts';
import { buildApp } from '../../src/http/app.ts';
import { describeEachBackend, workerFixture } from '../support/backends.ts';

type Hit = {
  id: string;
  role: string;
  city: string;
  state: string;
  certifications: string[];
  availability: string[];
  years_experience: number;
  distance_miles?: number;
  score: number;
  similarity: number;
  playbook_boost: number;
  why: { matched: string[]; missing: string[]; score_parts: Record<string, number> };
};

let n = 0;
const worker = (over: Record<string, unknown>) => workerFixture(`u-${String(++n).padStart(3, '0')}`, over);

/**
 * A corpus worded unlike the demo generator: "Lift Truck Operator", "Custodian", "OSHA-10 Hour".
 * Phoenix lift truck operators have profiles full of forklift words; the Dallas ones are fewer words
 * but hold OSHA-10 and work nights: the README's request must still bring Dallas first.
 */
function corpus() {
  const out = [];
  for (let i = 0; i < 6; i++) {
    out.push(
      worker({
        role: 'Lift Truck Operator',
        city: 'Phoenix',
        state: 'AZ',
        skills: ['Forklift', 'Forklift Driving', 'Reach Truck'],
        certifications: ['OSHA-10 Hour', 'Forklift Certified'],
        availability: ['nights'],
        summary: 'Forklift operator, nights, forklift, forklift.',
      }),
    );
  }
  for (let i = 0; i < 4; i++) {
    out.push(
      worker({
        role: 'Lift Truck Operator',
        city: 'Dallas',
        state: 'TX',
        skills: ['Pallet Jack'],
        certifications: i < 2 ? ['OSHA-10 Hour'] : [],
        availability: i % 2 ? ['days'] : ['nights'],
        summary: 'Dock work.',
        years_experience: 3 + i,
      }),
    );
  }
  out.push(worker({ role: 'Welder', city: 'Plano', state: 'TX', skills: ['MIG Welding'], certifications: [], availability: ['days'] }));
  out.push(worker({ role: 'Welder', city: 'Dallas', state: 'TX', skills: ['MIG Welding'], certifications: [], availability: ['days'] }));
  out.push(
    worker({ role: 'Welder', city: 'Fort Worth', state: 'TX', skills: ['TIG Welding'], certifications: [], availability: ['nights'] }),
  );
  out.push(worker({ role: 'Welder', city: 'Houston', state: 'TX', skills: ['MIG Welding'], certifications: [], availability: ['days'] }));
  out.push(worker({ role: 'Welder', city: 'Phoenix', state: 'AZ', skills: ['MIG Welding'], certifications: [], availability: ['days'] }));
  out.push(
    worker({ role: 'Custodian', city: 'Mesa', state: 'AZ', skills: ['Floor Care'], certifications: [], availability: ['weekends'] }),
  );
  out.push(worker({ role: 'Custodian', city: 'Phoenix', state: 'AZ', skills: ['Floor Care'], certifications: [], availability: ['days'] }));
  out.push(
    worker({
      role: 'CNA',
      city: 'Phoenix',
      state: 'AZ',
      skills: ['Patient Care'],
      certifications: ['CNA License'],
      availability: ['weekends'],
    }),
  );
  out.push(
    worker({
      role: 'Housekeeper',
      city: 'Phoenix',
      state: 'AZ',
      skills: ['Patient Rooms', 'Weekends'],
      certifications: [],
      availability: ['weekends'],
    }),
  );
  out.push(
    worker({
      id: 'u-zeb',
      name: 'Zebulon Quarrington',
      role: 'Welder',
      city: 'Phoenix',
      state: 'AZ',
      skills: ['MIG Welding'],
      availability: ['days'],
    }),
  );
  out.push(worker({ role: 'Welder', city: 'Smalltownville', state: 'TX', skills: ['MIG Welding'], availability: ['days'] }));
  return out;
}

describeEachBackend('search understands the request', (h) => {
  const search = async (body: object) => {
    const res = await h.app.inject({ method: 'POST', url: '/v1/matrix/search', payload: body });
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { results: Hit[]; interpretation?: Record<string, unknown> & { relaxed?: string } };
  };

  // A fixture, not a test: every test below reads this corpus, and each still runs alone (--test-name-pattern).
  before(async () => {
    const res = await h.app.inject({ method: 'POST', url: '/v1/workers/batch', payload: { workers: corpus() } });
    assert.equal(res.statusCode, 200, res.body);
  });

  test("README's request: Dallas workers first, the ones with OSHA 10 and nights at the top", async () => {
    const { results, interpretation } = await search({ query: 'forklift operator, nights, OSHA 10, Dallas', k: 4 });
    assert.equal(interpretation!.role, 'Lift Truck Operator');
    assert.deepEqual(interpretation!.place, { city: 'Dallas', state: 'TX' });
    assert.deepEqual(interpretation!.shifts, ['nights']);
    assert.deepEqual(interpretation!.certifications, ['OSHA-10 Hour']);
    assert.equal(interpretation!.relaxed, undefined);
    assert.deepEqual(
      results.map((r) => r.city),
      ['Dallas', 'Dallas', 'Dallas', 'Dallas'],
    );
    const top = results[0];
    assert.ok(top.certifications.includes('OSHA-10 Hour') && top.availability.includes('nights'), JSON.stringify(top));
    assert.ok(top.why.matched.includes('role') && top.why.matched.includes('city') && top.why.matched.includes('shift: nights'));
    assert.equal(top.distance_miles, 0);
    const parts = Object.values(top.why.score_parts).reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(parts - top.score) < 1e-4, `score ${top.score} = sum of parts ${parts}`);
    // Then OSHA 10 without nights, nights without OSHA 10, neither.
    assert.deepEqual(results[1].why.missing, ['shift: nights']);
    assert.deepEqual(results[2].why.missing, ['certification: OSHA-10 Hour']);
    assert.equal(results[3].why.missing.length, 2);
    // Four Dallas workers < k = 5: no nearby city or other Texan has the role, so any place it is.
    const five = await search({ query: 'forklift operator, nights, OSHA 10, Dallas', k: 5 });
    assert.equal(five.interpretation!.relaxed, 'any');
    assert.deepEqual(
      five.results.map((r) => r.city),
      ['Dallas', 'Dallas', 'Dallas', 'Dallas', 'Phoenix'],
    );
  });

  test('relaxation: city -> nearby -> state -> any, and interpretation.relaxed says how far', async () => {
    const k1 = await search({ query: 'welder Plano', k: 1 });
    assert.deepEqual(
      k1.results.map((r) => r.city),
      ['Plano'],
    );
    assert.equal(k1.interpretation!.relaxed, undefined);
    const k2 = await search({ query: 'welder Plano', k: 2 });
    assert.equal(k2.interpretation!.relaxed, 'nearby');
    assert.deepEqual(
      k2.results.map((r) => r.city),
      ['Plano', 'Dallas'],
    );
    assert.ok(k2.results[1].distance_miles! > 10 && k2.results[1].distance_miles! < 25, JSON.stringify(k2.results[1]));
    const k3 = await search({ query: 'welder Plano', k: 3 });
    assert.equal(k3.interpretation!.relaxed, 'state', 'Fort Worth is ~35 miles from Plano: beyond the nearby radius');
    assert.deepEqual(
      k3.results.map((r) => r.city),
      ['Plano', 'Dallas', 'Fort Worth'],
      'nearest first',
    );
    const k5 = await search({ query: 'welder Plano', k: 5 });
    assert.equal(k5.interpretation!.relaxed, 'state');
    assert.ok(k5.results.every((r) => r.state === 'TX' && r.role === 'Welder'));
    const k7 = await search({ query: 'welder Plano', k: 7 });
    assert.equal(k7.interpretation!.relaxed, 'any');
    assert.equal(k7.results.length, 7);
    assert.ok(k7.results.every((r) => r.role === 'Welder'));
    assert.ok(
      k7.results.slice(0, 5).every((r) => r.state === 'TX'),
      'the state before any other place',
    );
  });

  test('strict: understood constraints are hard filters, no relaxation', async () => {
    const { results, interpretation } = await search({ query: 'welder Plano', k: 5, strict: true });
    assert.deepEqual(
      results.map((r) => r.city),
      ['Plano'],
    );
    assert.equal(interpretation!.relaxed, undefined);
    const nights = await search({ query: 'forklift operator nights OSHA 10 Dallas', k: 10, strict: true });
    assert.equal(nights.results.length, 1, 'one Dallas lift truck operator has OSHA 10 and nights');
  });

  test('ignore: a removed chip no longer narrows or ranks, and the answer says so', async () => {
    const query = 'forklift operator, nights, OSHA 10, Dallas';
    const noPlace = await search({ query, k: 4, ignore: { place: true } });
    assert.equal(noPlace.interpretation!.place, undefined);
    assert.equal(noPlace.interpretation!.role, 'Lift Truck Operator');
    assert.ok(
      noPlace.results.some((r) => r.city === 'Phoenix'),
      'the Phoenix operators compete again',
    );
    assert.ok(noPlace.results.every((r) => !r.why.matched.includes('city')));
    const noRole = await search({ query: 'welder Plano', k: 3, strict: true, ignore: { role: true } });
    assert.equal(noRole.interpretation!.role, undefined);
    assert.deepEqual(
      noRole.results.map((r) => r.city),
      ['Plano'],
      'the place still holds',
    );
    const strictRole = await search({
      query: 'forklift operator nights OSHA 10 Dallas',
      k: 10,
      strict: true,
      ignore: { shifts: ['Nights'], certifications: ['osha-10 hour'] },
    });
    assert.deepEqual(strictRole.interpretation!.shifts, []);
    assert.deepEqual(strictRole.interpretation!.certifications, []);
    assert.equal(strictRole.results.length, 4, 'every Dallas lift truck operator, with or without nights and OSHA 10');
    const near = await search({ query: 'welder within 30 miles of Plano', k: 2 });
    assert.equal(near.interpretation!.near_miles, 30);
    const noRadius = await search({ query: 'welder within 30 miles of Plano', k: 2, ignore: { radius: true } });
    assert.equal(noRadius.interpretation!.near_miles, undefined);
    assert.deepEqual(noRadius.interpretation!.place, { city: 'Plano', state: 'TX' });
  });

  test('synonyms from the lexicon meet the corpus wording: janitor -> Custodian, CNA, "near", metros', async () => {
    const janitor = await search({ query: 'janitor weekends near Phoenix', k: 2 });
    assert.equal(janitor.interpretation!.role, 'Custodian');
    assert.equal(janitor.interpretation!.near_miles, 25);
    assert.deepEqual(
      janitor.results.map((r) => r.role),
      ['Custodian', 'Custodian'],
    );
    assert.deepEqual(janitor.results.map((r) => r.city).sort(), ['Mesa', 'Phoenix']);
    const cna = await search({ query: 'CNA weekends Phoenix', k: 1 });
    assert.equal(cna.results[0].role, 'CNA', 'not the housekeeper whose profile says patient rooms and weekends');
  });

  test('misspellings and mixed case are corrected against the vocabulary', async () => {
    const { results, interpretation } = await search({ query: 'FORKLFIT opertor dalas', k: 3 });
    assert.equal(interpretation!.role, 'Lift Truck Operator');
    assert.deepEqual(interpretation!.place, { city: 'Dallas', state: 'TX' });
    assert.ok((interpretation!.corrections as unknown[]).length >= 2);
    assert.ok(results.every((r) => r.city === 'Dallas'));
  });

  test('words the vocabulary does not know reach names and summaries (lexical signal)', async () => {
    const { results, interpretation } = await search({ query: 'Zebulon Quarrington', k: 3 });
    assert.deepEqual(interpretation!.unmatched, ['zebulon', 'quarrington']);
    assert.equal(results[0].id, 'u-zeb');
    assert.ok(results[0].why.matched.includes('words'));
  });

  test('a city the gazetteer does not know is stored without coordinates and still matches by name', async () => {
    const { results } = await search({ query: 'welder Smalltownville', k: 1 });
    assert.equal(results[0].city, 'Smalltownville');
    assert.equal(results[0].distance_miles, undefined);
  });

  test('explicit near and availability filters are hard, with distances', async () => {
    const { results } = await search({
      query: 'welder',
      k: 10,
      filters: { near: { city: 'Dallas', state: 'tx', miles: 40 }, availability: ['days'] },
    });
    // Two welders and two Dallas lift truck operators work days within 40 miles of Dallas; welders first.
    assert.deepEqual(
      results.map((r) => r.role),
      ['Welder', 'Welder', 'Lift Truck Operator', 'Lift Truck Operator'],
    );
    for (const r of results) {
      assert.ok(['Dallas', 'Plano'].includes(r.city) && r.availability.includes('days'), JSON.stringify(r));
      assert.ok(r.distance_miles === undefined || r.distance_miles <= 40);
    }
    const bad = await h.app.inject({
      method: 'POST',
      url: '/v1/matrix/search',
      payload: { query: 'welder', filters: { near: { city: 'Dallas', state: 'TX', miles: 0 } } },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /near/);
  });

  test('guarantees hold with understanding: exclusions, min(k, matching), deterministic order', async () => {
    const all = await search({ query: 'welder Plano', k: 100 });
    assert.equal(all.results.length, 21, 'every active worker matches when nothing is a hard filter');
    const excluded = all.results.slice(0, 3).map((r) => r.id);
    const rest = await search({ query: 'welder Plano', k: 100, exclude_ids: excluded });
    assert.equal(rest.results.length, 18);
    assert.ok(rest.results.every((r) => !excluded.includes(r.id)));
    for (let i = 1; i < all.results.length; i++) {
      const [a, b] = [all.results[i - 1], all.results[i]];
      assert.ok(a.score > b.score || (a.score === b.score && a.id < b.id), `${a.id} before ${b.id}`);
    }
    const again = await search({ query: '  WELDER   plano ', k: 100 });
    assert.deepEqual(
      again.results.map((r) => r.id),
      all.results.map((r) => r.id),
    );
  });

  test('interpret: false is the plain semantic search', async () => {
    const { results, interpretation } = await search({ query: 'welder Plano', k: 3, interpret: false });
    assert.equal(interpretation, undefined);
    for (const r of results) assert.equal(r.score, r.similarity);
  });

  test('a role written now is understood at once', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/v1/workers/batch',
      payload: {
        workers: [worker({ role: 'Drone Pilot', city: 'Boise', state: 'ID', skills: ['Aerial Survey'], availability: ['days'] })],
      },
    });
    assert.equal(res.statusCode, 200, res.body);
    const { results, interpretation } = await search({ query: 'drone pilots near Boise', k: 1 });
    assert.equal(interpretation!.role, 'Drone Pilot');
    assert.equal(results[0].role, 'Drone Pilot');
  });

  test('another instance understands what this one wrote (LISTEN/NOTIFY)', {
    skip: h.backend === 'pglite' && 'PGlite has one process: no other instance',
  }, async () => {
    const other = await openDatabase({ databaseUrl: h.url!, dataDir: 'unused' });
    const b = await buildApp({ config: h.config, database: other, embedder: h.embedder });
    try {
      await b.ready();
      const ask = async () =>
        (
          await b.inject({
            method: 'POST',
            url: '/v1/matrix/search',
            payload: { query: 'rope access technician with GWO Basic Safety in Duluth', k: 1 },
          })
        ).json();
      assert.equal((await ask()).interpretation.role, undefined);
      const res = await h.app.inject({
        method: 'POST',
        url: '/v1/workers/batch',
        payload: {
          workers: [
            worker({
              role: 'Rope Access Technician',
              city: 'Duluth',
              state: 'MN',
              certifications: ['GWO Basic Safety'],
              availability: ['days'],
            }),
          ],
        },
      });
      assert.equal(res.statusCode, 200, res.body);
      let seen: { interpretation: Record<string, unknown>; results: Hit[] } | undefined;
      for (let i = 0; i < 100 && !seen?.interpretation.role; i++) {
        await new Promise((r) => setTimeout(r, 20));
        seen = await ask();
      }
      assert.equal(seen!.interpretation.role, 'Rope Access Technician');
      assert.deepEqual(seen!.interpretation.certifications, ['GWO Basic Safety']);
      assert.deepEqual(seen!.interpretation.place, { city: 'Duluth', state: 'MN' });
      assert.equal(seen!.results[0].role, 'Rope Access Technician');
    } finally {
      await b.close();
      await other.close();
    }
  });
});
