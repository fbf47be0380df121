import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/open.ts';
import { createHashEmbedder } from '../../src/embed/hash.ts';
import { readWorkersFile } from '../../src/workers/files.ts';
import { IngestAborted, ingestWorkers } from '../../src/workers/ingest.ts';
import { backendNames, openTestDatabase, workerFixture } from '../support/backends.ts';

const dir = mkdtempSync(join(tmpdir(), 'sm-ingest-'));
const lines = [
  JSON.stringify(workerFixture('i-1')),
  JSON.stringify(workerFixture('i-2', { city: 'Austin' })),
  '{"id": "i-3", broken json',
  JSON.stringify(workerFixture('i-4', { email: 'not-an-email' })),
  JSON.stringify(workerFixture('i-2', { city: 'El Paso' })),
  JSON.stringify(workerFixture('i-5')),
];
const file = join(dir, 'workers.jsonl');
writeFileSync(file, `${lines.join('\n')}\n`);

for (const backend of backendNames()) {
  describe(`ingest [${backend}]`, () => {
    let opened: Awaited<ReturnType<typeof openTestDatabase>>;
    const embedder = createHashEmbedder();
    before(async () => {
      opened = await openTestDatabase(backend);
    });
    after(async () => {
      await opened.close();
    });
    const count = async () => (await rowsOf<{ n: number }>(opened.database.db, sql`SELECT count(*)::int AS n FROM workers`))[0].n;

    test('abort mode stops at the first bad row, names its line and writes nothing', async () => {
      await assert.rejects(
        ingestWorkers({ database: opened.database, embedder }, readWorkersFile(file), { onBadRow: 'abort' }),
        (err: Error) => err instanceof IngestAborted && /^line 3:/.test(err.message),
      );
      assert.equal(await count(), 0);
    });

    test('skip mode reports each bad row by line, loads the rest, last occurrence of an id wins', async () => {
      const bad: number[] = [];
      const progress: string[] = [];
      const summary = await ingestWorkers({ database: opened.database, embedder }, readWorkersFile(file), {
        onBadRow: 'skip',
        batchSize: 2,
        onBadRowFound: (b) => bad.push(b.line),
        onProgress: (p) => progress.push(p.phase),
      });
      assert.deepEqual(bad, [3, 4]);
      assert.deepEqual(
        summary.bad.map((b) => b.line),
        [3, 4],
      );
      assert.match(summary.bad[1].problems.join(), /email/);
      assert.equal(summary.rows, 4);
      assert.equal(await count(), 3);
      const [w] = await rowsOf<{ city: string }>(opened.database.db, sql`SELECT city FROM workers WHERE id = 'i-2'`);
      assert.equal(w.city, 'El Paso');
      assert.ok(progress.includes('load') && progress.includes('merge'));
    });

    test('a large load rebuilds the HNSW index with the migration definition', async () => {
      const records = Array.from({ length: 30 }, (_, i) => ({ line: i + 1, raw: workerFixture(`r-${i}`) }));
      const summary = await ingestWorkers({ database: opened.database, embedder }, records, { onBadRow: 'abort', rebuildIndexMinRows: 10 });
      assert.equal(summary.indexRebuilt, true);
      const [idx] = await rowsOf<{ def: string }>(
        opened.database.db,
        sql`SELECT pg_get_indexdef('workers_embedding_hnsw'::regclass) AS def`,
      );
      assert.match(idx.def, /USING hnsw \(embedding vector_cosine_ops\)/);
      const names = await rowsOf<{ indexname: string }>(
        opened.database.db,
        sql`SELECT indexname FROM pg_indexes WHERE tablename = 'workers' ORDER BY 1`,
      );
      assert.deepEqual(
        names.map((n) => n.indexname),
        [
          'workers_certifications_gin',
          'workers_embedding_hnsw',
          'workers_pkey',
          'workers_role_state',
          'workers_skills_gin',
          'workers_state_city_role',
          'workers_terms_gin',
          'workers_unlocated',
        ],
        'every index rebuilt',
      );
      assert.equal(await count(), 33);
    });
  });
}

test('npm run ingest prints progress, the bad lines and a summary line; exits 0 with --allow-skipped (3 without: test/cli/commands.test.ts)', async () => {
  const { stderr } = await promisify(execFile)('node', ['--import', 'tsx', 'src/cli/ingest.ts', '--file', file, '--allow-skipped'], {
    env: { ...process.env, DATABASE_URL: '', DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' },
    timeout: 120_000,
  });
  assert.match(stderr, /line 3: skipped/);
  assert.match(stderr, /line 4: skipped: email/);
  assert.match(stderr, /ingested 4 rows in [\d.]+ s \(\d+ rows\/s.*\); 2 bad rows skipped/);
});
