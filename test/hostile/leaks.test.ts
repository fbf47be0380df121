import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ensureCorpusEmbedder } from '../../src/embed/corpus.ts';
import { createHashEmbedder } from '../../src/embed/hash.ts';
import { createOllamaEmbedder } from '../../src/embed/ollama.ts';
import { buildApp } from '../../src/http/app.ts';
import { backendNames, openTestDatabase, testConfig, workerFixture } from '../support/backends.ts';
import { describeEachBackendLogged, logCapture } from '../support/logs.ts';

// Text that only PostgreSQL, its drivers or the embedder's client write: none of it may reach a client.
const DRIVER_TEXT =
  /invalid byte sequence|invalid input syntax|for type uuid|sqlstate|0x00|violates|relation "|column "|syntax error|PGlite|postgres|Failed query|params:|ECONNREFUSED|ENOTFOUND|fetch failed|ollama|11434/i;
const INTERNAL_HOST = 'ollama-embed.corp-internal.invalid';

/** The log lines carrying `text`, each with the request id it was written under. */
function logged(logText: string, text: string): Array<Record<string, unknown>> {
  return logText
    .split('\n')
    .filter((line) => line.includes(text))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describeEachBackendLogged('database text stays in the log', (h) => {
  before(async () => {
    const res = await h.app.inject({ method: 'POST', url: '/v1/workers/batch', payload: { workers: [workerFixture('leak-1')] } });
    assert.equal(res.statusCode, 200, res.body);
  });

  const nul = 'Maria\u0000Garcia';
  const cases: Array<{ name: string; method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: unknown }> = [
    {
      name: 'NUL in a worker name (PUT)',
      method: 'PUT',
      url: '/v1/workers/leak-2',
      payload: { ...workerFixture('leak-2'), id: undefined, name: nul },
    },
    {
      name: 'NUL in a worker summary (batch)',
      method: 'POST',
      url: '/v1/workers/batch',
      payload: { workers: [workerFixture('leak-3', { summary: `a\u0000b` })] },
    },
    {
      name: 'NUL in a playbook query',
      method: 'POST',
      url: '/v1/matrix/playbooks/record',
      payload: { query: `forklift\u0000nights`, worker_ids: ['leak-1'] },
    },
    { name: 'NUL in a search query', method: 'POST', url: '/v1/matrix/search', payload: { query: `forklift\u0000nights`, k: 3 } },
    {
      name: 'NUL in a search filter',
      method: 'POST',
      url: '/v1/matrix/search',
      payload: { query: 'forklift', k: 3, filters: { city: 'Dal\u0000las' } },
    },
    { name: 'NUL in a list filter', method: 'GET', url: '/v1/workers?city=Dal%00las' },
    {
      name: 'NUL in a fill order',
      method: 'POST',
      url: '/v1/fills',
      payload: {
        order: {
          city: 'Dal\u0000las',
          state: 'TX',
          role: 'Forklift Operator',
          headcount: 1,
          shift_start: '2027-01-08T22:00:00Z',
          shift_end: '2027-01-09T06:00:00Z',
        },
        worker_ids: ['leak-1'],
        playbook: { query: 'a\u0000b' },
      },
    },
    { name: 'malformed uuid in a path', method: 'GET', url: '/v1/fills/not-a-uuid' },
    { name: 'malformed uuid in a delete path', method: 'DELETE', url: '/v1/matrix/playbooks/1234' },
    {
      name: 'malformed uuid-ish cursor',
      method: 'GET',
      url: `/v1/matrix/playbooks?cursor=${Buffer.from('2026-01-01T00:00:00.000000Z|zzzz').toString('base64url')}`,
    },
    {
      name: 'malformed uuid in a body',
      method: 'POST',
      url: '/v1/fills',
      payload: {
        order: {
          city: 'Dallas',
          state: 'TX',
          role: 'Forklift Operator',
          headcount: 1,
          shift_start: '2027-01-08T22:00:00Z',
          shift_end: '2027-01-09T06:00:00Z',
        },
        worker_ids: ['00000000-zzzz'],
      },
    },
  ];

  for (const c of cases) {
    test(`${c.name}: a 4xx with the contract's body and no driver text`, async () => {
      const res = await h.app.inject({
        method: c.method,
        url: c.url,
        payload: c.payload as object,
        headers: { 'x-request-id': `leak-${c.name.length}` },
      });
      assert.ok(res.statusCode < 500, `${res.statusCode} ${res.body}`);
      if (res.statusCode >= 400) {
        const { error } = res.json();
        assert.equal(typeof error.code, 'string', res.body);
        assert.equal(error.details?.sqlstate, undefined, res.body);
      }
      assert.doesNotMatch(res.body, DRIVER_TEXT);
    });
  }

  test('what the database refused is in the log, under the request id', async () => {
    const res = await h.app.inject({
      method: 'PUT',
      url: '/v1/workers/leak-4',
      payload: { ...workerFixture('leak-4'), id: undefined, name: nul },
      headers: { 'x-request-id': 'leak-refused-1' },
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().error.code, 'invalid_request');
    assert.doesNotMatch(res.body, DRIVER_TEXT);
    const lines = logged(h.logText(), 'database refused a value').filter((l) => l.reqId === 'leak-refused-1');
    assert.equal(lines.length, 1, h.logText().slice(-2000));
    assert.match(JSON.stringify(lines[0].err), /invalid byte sequence|0x00/i);
  });
});

/** An app whose embedder is an Ollama at an internal host name that does not resolve. */
for (const backend of backendNames()) {
  describe(`an unreachable embedder's host name stays in the log [${backend}]`, () => {
    const capture = logCapture();
    let app: FastifyInstance;
    let close: () => Promise<void>;
    before(async () => {
      const opened = await openTestDatabase(backend);
      close = opened.close;
      const embedder = createOllamaEmbedder({ host: `http://${INTERNAL_HOST}:11434`, model: 'nomic-embed-text', timeoutMs: 2_000 });
      // The corpus is built by the hash embedder; the Ollama one is only asked (and fails) at request time.
      await ensureCorpusEmbedder(opened.database.db, createHashEmbedder());
      app = await buildApp({ config: testConfig({ LOG_LEVEL: 'info' }), database: opened.database, embedder, logStream: capture.stream });
      await app.ready();
    });
    after(async () => {
      await app?.close();
      await close?.();
    });

    test('/ready says which check failed, not why; the log says why', async () => {
      const res = await app.inject({ url: '/ready', headers: { 'x-request-id': 'leak-ready-1' } });
      assert.equal(res.statusCode, 503, res.body);
      const report = res.json();
      assert.equal(report.checks.embedder.ok, false);
      assert.equal(report.checks.database.ok, true);
      assert.doesNotMatch(res.body, DRIVER_TEXT);
      assert.ok(!res.body.includes(INTERNAL_HOST), res.body);
      const lines = logged(capture.text(), 'readiness check failed').filter((l) => l.reqId === 'leak-ready-1');
      assert.equal(lines.length, 1, capture.text().slice(-2000));
      assert.ok(JSON.stringify(lines[0]).includes(INTERNAL_HOST), JSON.stringify(lines[0]));
    });

    test('a search answers 503 unavailable without the host name; the log has it', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/v1/matrix/search',
        payload: { query: 'night forklift dallas', k: 3 },
        headers: { 'x-request-id': 'leak-search-1' },
      });
      assert.equal(res.statusCode, 503, res.body);
      assert.equal(res.json().error.code, 'unavailable');
      assert.ok(!res.body.includes(INTERNAL_HOST), res.body);
      assert.doesNotMatch(res.body, DRIVER_TEXT);
      const lines = logged(capture.text(), INTERNAL_HOST).filter((l) => l.reqId === 'leak-search-1');
      assert.ok(lines.length >= 1, capture.text().slice(-2000));
    });

    test('a worker write (embedded on write) answers 503 without the host name', async () => {
      const res = await app.inject({ method: 'PUT', url: '/v1/workers/leak-9', payload: { ...workerFixture('leak-9'), id: undefined } });
      assert.equal(res.statusCode, 503, res.body);
      assert.ok(!res.body.includes(INTERNAL_HOST), res.body);
      assert.doesNotMatch(res.body, DRIVER_TEXT);
    });
  });
}
