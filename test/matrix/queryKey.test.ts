import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { openChangeFeed } from '../../src/db/notify.ts';
import { vectorParam } from '../../src/db/vector.ts';
import { EmbeddingCache } from '../../src/embed/cache.ts';
import { ensureCorpusEmbedder } from '../../src/embed/corpus.ts';
import { createHashEmbedder } from '../../src/embed/hash.ts';
import { nearestPlaybooks } from '../../src/matrix/playbookRepository.ts';
import { PLAYBOOK_WALK, recordPlaybook } from '../../src/matrix/playbooks.ts';
import { queryKey } from '../../src/matrix/queryKey.ts';
import { normalizeSearch, SearchRequest } from '../../src/matrix/request.ts';
import { upsertWorkers } from '../../src/workers/service.ts';
import { WorkerInput } from '../../src/workers/worker.ts';
import { openTestDatabase, workerFixture } from '../support/backends.ts';

let opened: Awaited<ReturnType<typeof openTestDatabase>>;
const embedder = createHashEmbedder();

before(async () => {
  opened = await openTestDatabase('pglite');
  await ensureCorpusEmbedder(opened.database.db, embedder);
});
after(() => opened?.close());

test('one normal form: trimmed, whitespace runs (Unicode ones too) as one space, lower case', () => {
  assert.equal(queryKey('  Forklift\u00a0Operator\t\nDALLAS \u2003'), 'forklift operator dallas');
  assert.equal(normalizeSearch(SearchRequest.parse({ query: ' Forklift\u00a0OPERATOR  dallas' })).query, 'forklift operator dallas');
});

test('a playbook recorded with odd spacing is the very same query for a replay (no second copy of the rule in SQL)', async () => {
  const changes = await openChangeFeed(opened.database);
  try {
    const deps = { database: opened.database, embeddings: new EmbeddingCache(embedder), changes };
    await upsertWorkers({ ...deps, embedder }, [WorkerInput.parse(workerFixture('q-1'))]);
    await recordPlaybook(deps, { query: 'Forklift\u00a0Operator   DALLAS', worker_ids: ['q-1'] });
    const [vector] = await embedder.embed(['forklift operator dallas']);
    const found = await nearestPlaybooks(
      opened.database.db,
      vectorParam(opened.database, vector),
      queryKey('forklift operator dallas'),
      PLAYBOOK_WALK,
    );
    assert.equal(found.length, 1);
    assert.equal(found[0].same_text, true);
  } finally {
    await changes.close();
  }
});
