import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ensureCorpusEmbedder, claimCorpus, CorpusEmbedderMismatch } from '../../src/embed/corpus.ts';
import type { Embedder } from '../../src/embed/embedder.ts';
import { createHashEmbedder } from '../../src/embed/hash.ts';
import { openTestDatabase } from '../support/backends.ts';

const other: Embedder = { id: 'ollama:nomic-embed-text', dim: 768, embed: async (t) => t.map(() => []), ready: async () => {} };
let opened: Awaited<ReturnType<typeof openTestDatabase>>;
before(async () => {
  opened = await openTestDatabase('pglite');
});
after(async () => {
  await opened.close();
});

test('the first embedder claims the corpus; the same one is accepted again', async () => {
  await ensureCorpusEmbedder(opened.database.db, createHashEmbedder());
  await ensureCorpusEmbedder(opened.database.db, createHashEmbedder());
});

test('another embedder is refused with a message that says how to re-embed', async () => {
  await assert.rejects(ensureCorpusEmbedder(opened.database.db, other), (err: Error) => {
    assert.ok(err instanceof CorpusEmbedderMismatch);
    assert.match(err.message, /embedded by "hash-v1"/);
    assert.match(err.message, /EMBEDDER=hash/);
    assert.match(err.message, /npm run reembed/);
    return true;
  });
});

test('after a re-embed claims the corpus, the new embedder is accepted and the old one refused', async () => {
  await claimCorpus(opened.database.db, other);
  await ensureCorpusEmbedder(opened.database.db, other);
  await assert.rejects(ensureCorpusEmbedder(opened.database.db, createHashEmbedder()), CorpusEmbedderMismatch);
});
