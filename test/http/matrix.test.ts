import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachBackend, workerFixture } from '../support/backends.ts';

const CITIES = [
  ['Dallas', 'TX'],
  ['Houston', 'TX'],
  ['Seattle', 'WA'],
  ['Denver', 'CO'],
] as const;
const ROLES = [
  ['Forklift Operator', ['forklift', 'pallet jack', 'inventory'], ['OSHA 10', 'Forklift Certification']],
  ['Registered Nurse', ['patient care', 'charting'], ['RN License', 'BLS']],
  ['Welder', ['MIG welding', 'TIG welding'], ['AWS D1.1 Certification', 'OSHA 10']],
  ['Line Cook', ['grill', 'prep'], ['ServSafe Food Handler']],
] as const;

/** 160 workers: every city x role x 10, with ratings and statuses spread out. */
function corpus() {
  const out = [];
  let n = 0;
  for (const [city, state] of CITIES)
    for (const [role, skills, certs] of ROLES)
      for (let i = 0; i < 10; i++) {
        n++;
        out.push(
          workerFixture(`m-${String(n).padStart(3, '0')}`, {
            city,
            state,
            role,
            skills: [...skills],
            certifications: i % 2 ? [...certs] : [certs[0]],
            rating: 1 + (i % 5),
            status: i === 9 ? 'inactive' : 'active',
            availability: i % 3 ? ['days'] : ['nights'],
            summary: `${role} in ${city}`,
          }),
        );
      }
  return out;
}

describeEachBackend('matrix search and playbooks', (h) => {
  const search = (body: object) => h.app.inject({ method: 'POST', url: '/v1/matrix/search', payload: body });

  // A fixture, not a test: every test below reads this corpus, and each still runs alone (--test-name-pattern).
  before(async () => {
    const res = await h.app.inject({ method: 'POST', url: '/v1/workers/batch', payload: { workers: corpus() } });
    assert.equal(res.statusCode, 200, res.body);
  });

  test('plain-language search ranks the matching role and city first', async () => {
    const res = await search({ query: 'forklift operator dallas', k: 5 });
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.results.length, 5);
    for (const r of body.results) {
      assert.equal(r.role, 'Forklift Operator');
      assert.equal(r.city, 'Dallas');
      assert.equal(r.playbook_boost, 0);
      assert.ok(r.why.matched.includes('role') && r.why.matched.includes('city'));
      const parts = Object.values(r.why.score_parts as Record<string, number>).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(r.score - parts) < 1e-4, 'score is the sum of its named parts');
    }
    assert.deepEqual(body.cache, { embedding: 'miss', results: 'miss' });
    assert.equal(typeof body.took_ms, 'number');
  });

  test('every filter is honoured, status defaults to active, results sorted by score then id', async () => {
    const res = await search({
      query: 'experienced worker',
      k: 100,
      filters: { state: 'tx', role: 'welder', certifications: ['osha 10', 'aws d1.1 certification'], min_rating: 2 },
    });
    const { results } = res.json();
    // TX welders with both certs (odd i), rating 1 + i % 5 >= 2, active (i != 9): i in {1, 3, 7} x 2 cities.
    assert.equal(results.length, 6);
    for (const r of results) {
      assert.equal(r.state, 'TX');
      assert.equal(r.role, 'Welder');
      assert.ok(r.certifications.includes('OSHA 10') && r.certifications.includes('AWS D1.1 Certification'));
      assert.ok(r.rating >= 2);
    }
    for (let i = 1; i < results.length; i++) {
      const [a, b] = [results[i - 1], results[i]];
      assert.ok(a.score > b.score || (a.score === b.score && a.id < b.id), 'descending score, id tie-break');
    }
    const inactive = (await search({ query: 'welder', k: 100, filters: { status: 'inactive', role: 'Welder' } })).json().results;
    assert.equal(inactive.length, 4);
    const any = (await search({ query: 'welder', k: 100, filters: { status: 'any', role: 'Welder' } })).json().results;
    assert.equal(any.length, 40);
  });

  test('results.length == min(k, matching and not excluded), also for selective filters', async () => {
    const one = (await search({ query: 'cook', k: 10, filters: { city: 'Denver', role: 'Line Cook', min_rating: 5 } })).json().results;
    assert.equal(one.length, 1);
    const all = (await search({ query: 'anything', k: 100 })).json().results;
    assert.equal(all.length, 100);
    const denver = (await search({ query: 'anything', k: 100, filters: { state: 'CO' } })).json().results;
    assert.equal(denver.length, 36);
    const none = (await search({ query: 'anything', k: 10, filters: { state: 'NY' } })).json().results;
    assert.deepEqual(none, []);
  });

  test('profile swap: excluded ids never come back and the page stays full', async () => {
    const first = (await search({ query: 'registered nurse seattle', k: 10 })).json().results;
    const ids = first.map((r: { id: string }) => r.id);
    const second = (await search({ query: 'registered nurse seattle', k: 10, exclude_ids: ids })).json().results;
    assert.equal(second.length, 10);
    for (const r of second) assert.ok(!ids.includes(r.id));
    const few = (await search({ query: 'nurse', k: 10, filters: { city: 'Seattle', role: 'Registered Nurse' }, exclude_ids: ids })).json()
      .results;
    assert.equal(few.length, 0, '9 active Seattle nurses, all excluded after the first page of 10');
  });

  test('same request, same ids in the same order; the second answer is a result-cache hit', async () => {
    const body = { query: 'Welder  in Houston', k: 7, filters: { state: 'TX' } };
    const a = (await search(body)).json();
    const b = (await search({ ...body, query: 'welder in houston' })).json();
    assert.deepEqual(
      b.results.map((r: { id: string }) => r.id),
      a.results.map((r: { id: string }) => r.id),
    );
    assert.equal(b.cache.results, 'hit');
  });

  test('a worker write drops the cached entries it could change, and only those', async () => {
    const houston = { query: 'line cook houston', k: 3, filters: { city: 'Houston' } };
    const seattle = { query: 'line cook seattle', k: 3, filters: { city: 'Seattle' } };
    await search(houston);
    await search(seattle);
    const top = (await search(houston)).json().results[0];
    const w = corpus().find((x) => x.id === top.id)!;
    await h.app.inject({ method: 'PUT', url: `/v1/workers/${top.id}`, payload: { ...w, id: undefined, status: 'inactive' } });
    const after = (await search(houston)).json();
    assert.equal(after.cache.results, 'miss');
    assert.ok(!after.results.some((r: { id: string }) => r.id === top.id), 'inactive worker left the results');
    assert.equal((await search(seattle)).json().cache.results, 'hit');
  });

  test('playbook record -> replay with use_playbook puts the recorded workers in the top k with a boost', async () => {
    const query = 'welder for a night shift in denver';
    const far = corpus()
      .filter((w) => w.role === 'Line Cook' && w.city === 'Denver' && w.status === 'active')
      .slice(0, 2)
      .map((w) => w.id);
    const plain = (await search({ query, k: 5 })).json().results.map((r: { id: string }) => r.id);
    for (const id of far) assert.ok(!plain.includes(id), 'not reached by the plain search');
    const rec = await h.app.inject({ method: 'POST', url: '/v1/matrix/playbooks/record', payload: { query, worker_ids: far } });
    assert.equal(rec.statusCode, 201, rec.body);
    assert.match(rec.json().id, /^[0-9a-f-]{36}$/);
    const replay = (await search({ query, k: 5, use_playbook: true })).json();
    const boosted = replay.results
      .filter((r: { playbook_boost: number }) => r.playbook_boost > 0)
      .map((r: { id: string }) => r.id)
      .sort();
    assert.deepEqual(boosted, [...far].sort());
    // One playbook of the identical query lends exactly 1.0, though both the HNSW and the same-text half find it.
    for (const r of replay.results.filter((x: { playbook_boost: number }) => x.playbook_boost > 0)) assert.equal(r.playbook_boost, 1);
    const filtered = (await search({ query, k: 5, use_playbook: true, filters: { role: 'Welder' } })).json().results;
    assert.ok(
      filtered.every((r: { role: string }) => r.role === 'Welder'),
      'boost never breaks a filter',
    );
    const excluded = (await search({ query, k: 5, use_playbook: true, exclude_ids: [far[0]] })).json().results;
    assert.ok(!excluded.some((r: { id: string }) => r.id === far[0]), 'boost never brings back an excluded worker');
  });

  test('a replay finds the playbooks of its very query however many identical vectors crowd the nearest ones', async () => {
    const query = 'welder for the night shift in houston';
    const [target] = corpus()
      .filter((w) => w.role === 'Line Cook' && w.city === 'Seattle' && w.status === 'active')
      .map((w) => w.id);
    const record = (q: string, worker_ids: string[]) =>
      h.app.inject({ method: 'POST', url: '/v1/matrix/playbooks/record', payload: { query: q, worker_ids } });
    const created: string[] = [];
    const recorded = async (q: string, worker_ids: string[]) => {
      const res = await record(q, worker_ids);
      assert.equal(res.statusCode, 201, res.body);
      created.push(res.json().id);
    };
    await recorded(query, [target]);
    // Punctuation changes the text but not the hash-v1 vector: 150 playbooks tie with it at similarity 1.
    for (let i = 1; i <= 150; i++) await recorded(`${query} ${'!'.repeat(i)}`, ['m-001']);
    const replay = (await search({ query, k: 5, use_playbook: true })).json().results;
    const hit = replay.find((r: { id: string }) => r.id === target);
    assert.ok(
      hit && hit.playbook_boost > 0,
      `recorded worker ${target} boosted in the top 5: ${JSON.stringify(replay.map((r: { id: string; playbook_boost: number }) => [r.id, r.playbook_boost]))}`,
    );
    for (const id of created) assert.equal((await h.app.inject({ method: 'DELETE', url: `/v1/matrix/playbooks/${id}` })).statusCode, 204);
  });

  test('the workers recorded last for a request lead its replay, however often it was recorded before', async () => {
    const query = 'line cook for the weekend in seattle';
    const active = corpus()
      .filter((w) => w.status === 'active')
      .map((w) => w.id);
    const created: string[] = [];
    const record = async (worker_ids: string[]) => {
      const res = await h.app.inject({ method: 'POST', url: '/v1/matrix/playbooks/record', payload: { query, worker_ids } });
      assert.equal(res.statusCode, 201, res.body);
      created.push(res.json().id);
    };
    // Twelve earlier records, the first workers in every one of them (with a capped sum they led any replay).
    for (let i = 0; i < 12; i++) await record([active[0], active[1], active[2 + i]]);
    const latest = [active[100], active[101]];
    await record(latest);
    const replay = (await search({ query, k: 5, use_playbook: true })).json().results;
    assert.deepEqual(
      replay
        .slice(0, 2)
        .map((r: { id: string }) => r.id)
        .sort(),
      [...latest].sort(),
      JSON.stringify(replay.map((r: { id: string; playbook_boost: number }) => [r.id, r.playbook_boost])),
    );
    for (const r of replay.slice(0, 2)) assert.equal(r.playbook_boost, 1);
    assert.ok(replay.slice(2).every((r: { playbook_boost: number }) => r.playbook_boost < 1 / 3 + 1e-9));
    for (const id of created) assert.equal((await h.app.inject({ method: 'DELETE', url: `/v1/matrix/playbooks/${id}` })).statusCode, 204);
  });

  test('a playbook write drops use_playbook entries only', async () => {
    const q = { query: 'forklift houston nights', k: 3 };
    await search(q);
    await search({ ...q, use_playbook: true });
    await h.app.inject({ method: 'POST', url: '/v1/matrix/playbooks/record', payload: { query: 'something else', worker_ids: ['m-001'] } });
    assert.equal((await search(q)).json().cache.results, 'hit');
    assert.equal((await search({ ...q, use_playbook: true })).json().cache.results, 'miss');
  });

  test('record refuses unknown workers (422) and bad shapes (400); list pages; delete is 204 then 404', async () => {
    const unknown = await h.app.inject({
      method: 'POST',
      url: '/v1/matrix/playbooks/record',
      payload: { query: 'q', worker_ids: ['m-001', 'ghost'] },
    });
    assert.equal(unknown.statusCode, 422);
    assert.equal(unknown.json().error.code, 'unknown_workers');
    assert.deepEqual(unknown.json().error.details.worker_ids, ['ghost']);
    for (const payload of [
      { query: 'q', worker_ids: [] },
      { query: '', worker_ids: ['m-001'] },
      { query: 'q', worker_ids: Array(51).fill('m-001') },
      { query: 'q', worker_ids: ['m-001'], outcome: 'maybe' },
    ]) {
      assert.equal((await h.app.inject({ method: 'POST', url: '/v1/matrix/playbooks/record', payload })).statusCode, 400);
    }
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { playbooks: { id: string }[]; next_cursor: string | null } = (
        await h.app.inject({ url: `/v1/matrix/playbooks?limit=1${cursor ? `&cursor=${cursor}` : ''}` })
      ).json();
      ids.push(...page.playbooks.map((p) => p.id));
      cursor = page.next_cursor;
    } while (cursor);
    assert.equal(ids.length, 2);
    assert.equal(new Set(ids).size, 2);
    assert.equal((await h.app.inject({ method: 'DELETE', url: `/v1/matrix/playbooks/${ids[0]}` })).statusCode, 204);
    assert.equal((await h.app.inject({ method: 'DELETE', url: `/v1/matrix/playbooks/${ids[0]}` })).statusCode, 404);
    assert.equal((await h.app.inject({ method: 'DELETE', url: '/v1/matrix/playbooks/not-a-uuid' })).statusCode, 400);
  });

  test('search input errors are 400 naming the field', async () => {
    for (const [body, field] of [
      [{ k: 5 }, 'query'],
      [{ query: 'x', k: 0 }, 'k'],
      [{ query: 'x', k: 101 }, 'k'],
      [{ query: 'x'.repeat(1001) }, 'query'],
      [{ query: 'x', filters: { state: 'Texas' } }, 'filters.state'],
      [{ query: 'x', filters: { color: 'red' } }, 'filters'],
      [{ query: 'x', exclude_ids: Array(1001).fill('a') }, 'exclude_ids'],
      [{ query: 'x', use_playbook: 'yes' }, 'use_playbook'],
    ] as const) {
      const res = await search(body);
      assert.equal(res.statusCode, 400, JSON.stringify(body).slice(0, 60));
      assert.ok(
        res.json().error.details.some((d: { field: string }) => d.field.startsWith(field)),
        `${field} named: ${res.body}`,
      );
    }
  });
});
