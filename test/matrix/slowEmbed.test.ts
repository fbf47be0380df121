import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type Database, openDatabase } from '../../src/db/open.ts';
import { ensureCorpusEmbedder } from '../../src/embed/corpus.ts';
import type { Embedder } from '../../src/embed/embedder.ts';
import { createHashEmbedder } from '../../src/embed/hash.ts';
import { buildApp } from '../../src/http/app.ts';
import { backendNames, openTestDatabase, testConfig, workerFixture } from '../support/backends.ts';

/** The hash embedder behind a gate: while closed, every embed call waits (an embedder taking its whole timeout). */
function gatedEmbedder() {
  const inner = createHashEmbedder();
  let closed = false;
  let open = () => {};
  let gate = Promise.resolve();
  let waiting = 0;
  const embedder: Embedder = {
    id: inner.id,
    dim: inner.dim,
    ready: () => inner.ready(),
    async embed(texts) {
      if (closed) {
        waiting++;
        await gate;
      }
      return inner.embed(texts);
    },
  };
  return {
    embedder,
    waiting: () => waiting,
    close() {
      closed = true;
      gate = new Promise((r) => {
        open = r;
      });
    },
    open() {
      closed = false;
      open();
    },
  };
}

for (const backend of backendNames()) {
  describe(`playbook record with a slow embedder and a small pool [${backend}]`, () => {
    let opened: Awaited<ReturnType<typeof openTestDatabase>>;
    let database: Database;
    let app: FastifyInstance;
    const gate = gatedEmbedder();

    before(async () => {
      opened = await openTestDatabase(backend);
      // Two connections: two records embedding inside their transactions would hold them both.
      database = backend === 'postgres' ? await openDatabase({ databaseUrl: opened.url!, dataDir: 'unused', poolMax: 2 }) : opened.database;
      await ensureCorpusEmbedder(database.db, gate.embedder);
      app = await buildApp({ config: testConfig({ RATE_LIMIT_PER_MINUTE: '0', SHED_DB_WAITING: '0' }), database, embedder: gate.embedder });
      const res = await app.inject({
        method: 'POST',
        url: '/v1/workers/batch',
        payload: { workers: [workerFixture('s-1'), workerFixture('s-2')] },
      });
      assert.equal(res.statusCode, 200);
    });
    after(async () => {
      gate.open();
      await app?.close();
      if (database !== opened?.database) await database?.close();
      await opened?.close();
    });

    test('ten records waiting on the embedder hold no connection: other requests still answer', async () => {
      gate.close();
      const records = Array.from({ length: 10 }, (_, i) =>
        app.inject({
          method: 'POST',
          url: '/v1/matrix/playbooks/record',
          payload: { query: `slow embed number ${i}`, worker_ids: ['s-1', 's-2'] },
        }),
      );
      // Before the fix only the records that got a connection reach the embedder (one on PGlite): wait for one at least.
      while (gate.waiting() < 1) await new Promise((r) => setTimeout(r, 10));
      // A safety valve so the failing case ends: without the fix the read below waits until the gate opens.
      let gateOpened = false;
      const valve = setTimeout(() => {
        gateOpened = true;
        gate.open();
      }, 10_000);
      const read = await app.inject({ method: 'GET', url: '/v1/workers/s-1' });
      const answeredWhileEmbedding = !gateOpened;
      clearTimeout(valve);
      assert.equal(read.statusCode, 200, read.body);
      assert.ok(answeredWhileEmbedding, 'the read waited for the embedder: records held the pool while embedding');
      assert.equal(gate.waiting(), 10, 'every record reached the embedder without a connection');
      gate.open();
      const answers = await Promise.all(records);
      assert.deepEqual(
        answers.map((a) => a.statusCode),
        Array(10).fill(201),
      );
    });
  });
}
