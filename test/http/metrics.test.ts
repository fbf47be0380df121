import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachBackend, workerFixture } from '../support/backends.ts';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

function parsePrometheus(text: string): Sample[] {
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((line) => {
      const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
      assert.ok(m, `unparseable line: ${line}`);
      const labels = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
      return { name: m[1], labels, value: Number(m[3]) };
    });
}

/** The value of the one sample named `name` whose labels include `labels` (0 when absent). */
function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  assert.ok(found.length <= 1, `${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
  return found[0]?.value ?? 0;
}

const SHIFT = { shift_start: '2031-04-01T08:00:00Z', shift_end: '2031-04-01T16:00:00Z' };

describeEachBackend('metrics and admin stats', (h) => {
  const scrape = async () => {
    const res = await h.app.inject({ url: '/metrics' });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    return { text: res.body, samples: parsePrometheus(res.body) };
  };
  const search = (body: object) => h.app.inject({ method: 'POST', url: '/v1/matrix/search', payload: body });

  test('a fresh app starts from zero: its registry is its own', async () => {
    const { samples } = await scrape();
    assert.equal(sampleValue(samples, 'staffing_matrix_search_plans_total', { plan: 'hnsw' }), 0);
    assert.equal(sampleValue(samples, 'staffing_matrix_writes_total', { kind: 'playbook' }), 0);
    assert.equal(sampleValue(samples, 'staffing_matrix_http_request_duration_seconds_count', { route: '/v1/matrix/search' }), 0);
  });

  // A fixture, not a test: every test below reads this corpus, and each still runs alone (--test-name-pattern).
  before(async () => {
    const workers = Array.from({ length: 12 }, (_, i) => workerFixture(`met-${i}`, { city: i % 2 ? 'Dallas' : 'Houston' }));
    assert.equal((await h.app.inject({ method: 'POST', url: '/v1/workers/batch', payload: { workers } })).statusCode, 200);
    // On PostgreSQL the change notification arrives asynchronously; a search racing it would not be cached.
    for (let i = 0; i < 100; i++) {
      if ((await h.app.inject({ url: '/v1/admin/stats' })).json().caches.results.invalidations >= 1) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail('the worker write never reached the result cache');
  });

  test('requests, plans, caches, embeds, pool and writes are counted', async () => {
    // Read as plain text (interpret: false), the unfiltered search walks the HNSW index.
    assert.equal((await search({ query: 'forklift operator', k: 5, interpret: false })).statusCode, 200);
    assert.equal((await search({ query: 'forklift operator', k: 5, interpret: false })).json().cache.results, 'hit');
    assert.equal((await search({ query: 'forklift operator', k: 5, filters: { city: 'Dallas' } })).statusCode, 200);
    assert.equal((await search({ query: 'x', k: 1000 })).statusCode, 400);
    assert.equal((await h.app.inject({ url: '/v1/workers/met-3' })).statusCode, 200);
    assert.equal((await h.app.inject({ url: '/v1/workers/met-404' })).statusCode, 404);
    assert.equal((await h.app.inject({ url: '/v1/nothing/here?secret=1' })).statusCode, 404);
    const record = { query: 'forklift operator', worker_ids: ['met-1'] };
    assert.equal((await h.app.inject({ method: 'POST', url: '/v1/matrix/playbooks/record', payload: record })).statusCode, 201);
    for (let i = 0; i < 2; i++) {
      const res = await h.app.inject({
        method: 'POST',
        url: '/v1/matrix/playbooks/record',
        payload: record,
        headers: { 'idempotency-key': 'metrics-1' },
      });
      assert.equal(res.statusCode, 201, res.body);
    }
    const fill = { order: { city: 'Dallas', state: 'TX', role: 'Forklift Operator', headcount: 1, ...SHIFT }, worker_ids: ['met-5'] };
    assert.equal((await h.app.inject({ method: 'POST', url: '/v1/fills', payload: fill })).statusCode, 201);

    const { text, samples } = await scrape();
    const requests = (route: string, status: string, method = 'GET') =>
      sampleValue(samples, 'staffing_matrix_http_request_duration_seconds_count', { method, route, status });
    assert.equal(requests('/v1/matrix/search', '200', 'POST'), 3);
    assert.equal(requests('/v1/matrix/search', '400', 'POST'), 1);
    assert.equal(requests('/v1/workers/:id', '200'), 1);
    assert.equal(requests('/v1/workers/:id', '404'), 1);
    assert.equal(requests('unmatched', '404'), 1);
    assert.ok(!text.includes('met-3') && !text.includes('/v1/nothing') && !text.includes('secret'), 'raw URLs never become labels');
    assert.ok(
      sampleValue(samples, 'staffing_matrix_http_request_duration_seconds_bucket', {
        method: 'POST',
        route: '/v1/matrix/search',
        status: '200',
        le: '+Inf',
      }) === 3,
    );

    assert.equal(sampleValue(samples, 'staffing_matrix_search_plans_total', { plan: 'hnsw' }), 1);
    assert.equal(sampleValue(samples, 'staffing_matrix_search_plans_total', { plan: 'exact' }), 1);
    assert.equal(sampleValue(samples, 'staffing_matrix_search_plans_total', { plan: 'cache' }), 1);

    const stats = (await h.app.inject({ url: '/v1/admin/stats' })).json();
    for (const cache of ['embedding', 'results'] as const) {
      assert.equal(sampleValue(samples, 'staffing_matrix_cache_hits_total', { cache }), stats.caches[cache].hits, cache);
      assert.equal(sampleValue(samples, 'staffing_matrix_cache_misses_total', { cache }), stats.caches[cache].misses, cache);
      assert.equal(sampleValue(samples, 'staffing_matrix_cache_entries', { cache }), stats.caches[cache].size, cache);
    }
    assert.equal(sampleValue(samples, 'staffing_matrix_cache_hits_total', { cache: 'results' }), 1);
    assert.ok(sampleValue(samples, 'staffing_matrix_result_cache_invalidations_total') >= 1, 'worker and playbook writes invalidate');

    // Every embedding-cache miss is one embedder call; the worker batch is one more.
    assert.equal(
      sampleValue(samples, 'staffing_matrix_embed_duration_seconds_count', { outcome: 'ok' }),
      stats.caches.embedding.misses + 1,
    );
    assert.ok(sampleValue(samples, 'staffing_matrix_embed_duration_seconds_sum', { outcome: 'ok' }) > 0);

    assert.equal(
      sampleValue(samples, 'staffing_matrix_writes_total', { kind: 'playbook' }),
      2,
      'an idempotent replay is not a second write',
    );
    assert.equal(sampleValue(samples, 'staffing_matrix_writes_total', { kind: 'fill' }), 1);

    const pool = {
      total: sampleValue(samples, 'staffing_matrix_db_pool_connections'),
      idle: sampleValue(samples, 'staffing_matrix_db_pool_idle_connections'),
      waiting: sampleValue(samples, 'staffing_matrix_db_pool_waiting_queries'),
    };
    if (h.backend === 'pglite') assert.deepEqual(pool, { total: 1, idle: 0, waiting: 0 });
    else {
      assert.equal(pool.total, h.database.poolFigures().total);
      assert.ok(pool.total >= 1 && pool.idle <= pool.total && pool.waiting === 0, JSON.stringify(pool));
    }

    assert.ok(sampleValue(samples, 'process_cpu_user_seconds_total') > 0, 'default process metrics');
    assert.ok(sampleValue(samples, 'nodejs_heap_size_used_bytes') > 0);
  });

  test('/v1/admin/stats: corpus, playbooks, fills, index sizes, caches, embedder, database', async () => {
    const res = await h.app.inject({ url: '/v1/admin/stats' });
    assert.equal(res.statusCode, 200, res.body);
    const stats = res.json();
    assert.equal(stats.workers, 12);
    assert.equal(stats.playbooks, 2);
    assert.deepEqual(stats.fills, { booked: 1, cancelled: 0 });
    for (const index of [
      'workers_embedding_hnsw',
      'workers_state_city_role',
      'workers_skills_gin',
      'workers_certifications_gin',
      'playbook_texts_embedding_hnsw',
      'workers_pkey',
    ]) {
      assert.ok(stats.index_sizes[index] > 0, `${index}: ${stats.index_sizes[index]}`);
    }
    assert.deepEqual(stats.embedder, { id: h.embedder.id, dim: 768 });
    assert.equal(stats.database, h.backend);
    assert.deepEqual(Object.keys(stats.caches).sort(), ['embedding', 'results']);
    assert.equal(typeof stats.caches.results.invalidations, 'number');
  });

  test('names follow the Prometheus conventions: the application prefix, and _total on counters only', async () => {
    const { text } = await scrape();
    const types = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => ({ name: m[1], type: m[2] }));
    assert.ok(types.length > 20, `${types.length} metric families`);
    // Node's default metrics keep their standard names (process_*, nodejs_*), which shared dashboards expect.
    const own = types.filter((t) => !/^(process|nodejs)_/.test(t.name));
    assert.deepEqual(
      own.filter((t) => !t.name.startsWith('staffing_matrix_')).map((t) => t.name),
      [],
      'application metrics carry the prefix',
    );
    assert.ok(own.length >= 10, `${own.length} application metric families`);
    const misnamed = types.filter((t) => t.name.endsWith('_total') !== (t.type === 'counter')).map((t) => `${t.name} (${t.type})`);
    assert.deepEqual(misnamed, [], 'a name ends in _total exactly when it is a counter');
  });

  test('/metrics itself is counted under its own route', async () => {
    await scrape();
    const { samples } = await scrape();
    assert.ok(
      sampleValue(samples, 'staffing_matrix_http_request_duration_seconds_count', { method: 'GET', route: '/metrics', status: '200' }) >= 2,
    );
  });
});

describeEachBackend(
  'METRICS=false',
  (h) => {
    test('no /metrics route, and the app serves as before', async () => {
      assert.equal((await h.app.inject({ url: '/metrics' })).statusCode, 404);
      assert.equal((await h.app.inject({ method: 'POST', url: '/v1/matrix/search', payload: { query: 'forklift' } })).statusCode, 200);
      assert.equal((await h.app.inject({ url: '/v1/admin/stats' })).statusCode, 200);
    });
  },
  { METRICS: 'false' },
);
