import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeSearch, SearchRequest, searchKey } from '../../src/matrix/request.ts';
import { filtersAdmit, ResultCache } from '../../src/matrix/resultCache.ts';

const search = (body: object) => normalizeSearch(SearchRequest.parse(body));
const dallas = { state: 'TX', city: 'Dallas', role: 'Welder' };

test('filtersAdmit: a worker place can match only searches whose location/role filters allow it', () => {
  assert.equal(filtersAdmit(search({ query: 'q' }).filters, dallas), true);
  assert.equal(filtersAdmit(search({ query: 'q', filters: { state: 'tx' } }).filters, dallas), true);
  assert.equal(filtersAdmit(search({ query: 'q', filters: { state: 'WA' } }).filters, dallas), false);
  assert.equal(filtersAdmit(search({ query: 'q', filters: { city: 'dallas', role: 'welder' } }).filters, dallas), true);
  assert.equal(filtersAdmit(search({ query: 'q', filters: { role: 'Nurse' } }).filters, dallas), false);
});

test('a worker write drops the entries it could change and keeps the rest', () => {
  const cache = new ResultCache<string>();
  const tx = search({ query: 'q', filters: { state: 'TX' } });
  const wa = search({ query: 'q', filters: { state: 'WA' } });
  cache.set(searchKey(tx), tx, 'tx', cache.token());
  cache.set(searchKey(wa), wa, 'wa', cache.token());
  cache.apply({ kind: 'workers', places: [dallas] });
  assert.equal(cache.get(searchKey(tx)), undefined);
  assert.equal(cache.get(searchKey(wa)), 'wa');
});

test('a playbook write drops only use_playbook entries', () => {
  const cache = new ResultCache<string>();
  const plain = search({ query: 'q' });
  const boosted = search({ query: 'q', use_playbook: true });
  cache.set(searchKey(plain), plain, 'plain', cache.token());
  cache.set(searchKey(boosted), boosted, 'boosted', cache.token());
  cache.apply({ kind: 'playbooks' });
  assert.equal(cache.get(searchKey(plain)), 'plain');
  assert.equal(cache.get(searchKey(boosted)), undefined);
});

test('a search in flight during a change is stored only if that change does not concern it', () => {
  const cache = new ResultCache<string>();
  const plain = search({ query: 'q' });
  const boosted = search({ query: 'q', use_playbook: true });
  const wa = search({ query: 'q', filters: { state: 'WA' } });
  const token = cache.token();
  cache.apply({ kind: 'playbooks' });
  cache.apply({ kind: 'workers', places: [dallas] });
  cache.set(searchKey(plain), plain, 'stale?', token);
  cache.set(searchKey(boosted), boosted, 'stale', token);
  cache.set(searchKey(wa), wa, 'fresh', token);
  assert.equal(cache.get(searchKey(plain)), undefined, 'a Dallas worker changed while it ran');
  assert.equal(cache.get(searchKey(boosted)), undefined, 'a playbook was written while it ran');
  assert.equal(cache.get(searchKey(wa)), 'fresh');
});

test('capacity evicts the least recently used entry; the TTL expires entries', () => {
  let now = 0;
  const cache = new ResultCache<number>(2, 1000, () => now);
  const s = [1, 2, 3].map((i) => search({ query: `q${i}` }));
  cache.set(searchKey(s[0]), s[0], 1, cache.token());
  cache.set(searchKey(s[1]), s[1], 2, cache.token());
  cache.get(searchKey(s[0]));
  cache.set(searchKey(s[2]), s[2], 3, cache.token());
  assert.equal(cache.get(searchKey(s[1])), undefined);
  assert.equal(cache.get(searchKey(s[0])), 1);
  now = 1001;
  assert.equal(cache.get(searchKey(s[0])), undefined);
});

test('a byte budget evicts the least recently used answers, however few they are', () => {
  const cache = new ResultCache<string>(2_000, 60_000, () => 0, 4_000);
  const s = [1, 2, 3, 4].map((i) => search({ query: `q${i}` }));
  const answer = 'x'.repeat(900);
  for (const one of s.slice(0, 3)) cache.set(searchKey(one), one, answer, cache.token());
  assert.equal(cache.stats().size, 3);
  cache.get(searchKey(s[0]));
  cache.set(searchKey(s[3]), s[3], answer, cache.token());
  assert.equal(cache.get(searchKey(s[1])), undefined, 'the least recently used answer went');
  assert.equal(cache.get(searchKey(s[0])), answer);
  assert.ok(cache.stats().bytes <= 4_000, `${cache.stats().bytes} bytes kept`);
  // Replacing an entry counts its bytes once; one answer larger than the budget is still kept alone.
  cache.set(searchKey(s[0]), s[0], answer, cache.token());
  assert.ok(cache.stats().bytes <= 4_000);
  cache.set(searchKey(s[1]), s[1], 'y'.repeat(5_000), cache.token());
  assert.equal(cache.stats().size, 1);
  assert.equal(cache.get(searchKey(s[1])), 'y'.repeat(5_000));
});
