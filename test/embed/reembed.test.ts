import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type Change, openChangeFeed } from '../../src/db/notify.ts';
import type { Embedder } from '../../src/embed/embedder.ts';
import { ensureCorpusEmbedder } from '../../src/embed/corpus.ts';
import { createHashEmbedder } from '../../src/embed/hash.ts';
import { reembedCorpus } from '../../src/embed/reembed.ts';
import { recordPlaybook } from '../../src/matrix/playbooks.ts';
import { EmbeddingCache } from '../../src/embed/cache.ts';
import { upsertWorkers } from '../../src/workers/service.ts';
import { WorkerInput } from '../../src/workers/worker.ts';
import { openTestDatabase, workerFixture } from '../support/backends.ts';

let opened: Awaited<ReturnType<typeof openTestDatabase>>;
const hash = createHashEmbedder();
/** Another embedder: the hash embedder's vectors reversed, so every stored vector changes. */
const other: Embedder = { ...hash, id: 'reversed-hash', embed: async (texts) => (await hash.embed(texts)).map((v) => [...v].reverse()) };

before(async () => {
  opened = await openTestDatabase('pglite');
  await ensureCorpusEmbedder(opened.database.db, hash);
});
after(() => opened?.close());

test('a re-embed rewrites every worker and playbook vector, claims the corpus and announces both changes', async () => {
  const feed = await openChangeFeed(opened.database);
  const heard: Change[] = [];
  feed.subscribe((c) => heard.push(c));
  try {
    const deps = { database: opened.database, embeddings: new EmbeddingCache(hash), changes: feed };
    await upsertWorkers(
      { ...deps, embedder: hash },
      [workerFixture('r-1'), workerFixture('r-2')].map((w) => WorkerInput.parse(w)),
    );
    await recordPlaybook(deps, { query: 'forklift operator dallas', worker_ids: ['r-1'] });
    heard.length = 0;

    const done = await reembedCorpus({ database: opened.database, embedder: other, changes: feed });

    assert.deepEqual(done, { workers: 2, playbook_texts: 1 });
    await ensureCorpusEmbedder(opened.database.db, other);
    assert.deepEqual(
      heard,
      [{ kind: 'workers', places: 'all' }, { kind: 'playbooks' }],
      'playbook boosts cached with old vectors are dropped too',
    );
  } finally {
    await feed.close();
  }
});
