import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CorpusVocabulary } from '../../src/matrix/understanding/corpusVocabulary.ts';
import { openTestDatabase } from '../support/backends.ts';

describe('corpus vocabulary', () => {
  let opened: Awaited<ReturnType<typeof openTestDatabase>>;
  before(async () => {
    opened = await openTestDatabase('pglite');
  });
  after(async () => {
    await opened?.close();
  });

  test('a write heard while the first read is in flight is not lost (a service started, then workers written)', async () => {
    const vocabulary = new CorpusVocabulary(opened.database.db);
    const first = vocabulary.get();
    // This worker is not in the database the read sees: only the change feed brings it.
    vocabulary.apply({ kind: 'workers', places: [{ role: 'Zither Tuner', city: 'Miami', state: 'FL' }] });
    await first;
    const roles = (await vocabulary.get()).terms.roles.map((r) => r.value);
    assert.ok(roles.includes('Zither Tuner'), roles.join());
    vocabulary.close();
  });
});
