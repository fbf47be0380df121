import type { ChangeFeed } from '../db/notify.ts';
import type { Database } from '../db/open.ts';
import { playbookTextQueries, setPlaybookTextEmbedding } from '../matrix/playbookRepository.ts';
import { profilesAfter, setWorkerEmbedding } from '../workers/repository.ts';
import { claimCorpus } from './corpus.ts';
import type { Embedder } from './embedder.ts';

const BATCH = 500;

/**
 * Re-embeds every worker profile and playbook request text with `embedder`, records it as the corpus's
 * owner, and announces both changes so running instances drop cached answers and boosts.
 */
export async function reembedCorpus(
  deps: { database: Database; embedder: Embedder; changes?: ChangeFeed },
  onProgress: (workers: number) => void = () => {},
): Promise<{ workers: number; playbook_texts: number }> {
  const { db } = deps.database;
  let after = '';
  let done = 0;
  for (;;) {
    const rows = await profilesAfter(db, after, BATCH);
    if (!rows.length) break;
    const vectors = await deps.embedder.embed(rows.map((r) => r.profile));
    await db.transaction(async (tx) => {
      for (const [i, r] of rows.entries()) await setWorkerEmbedding(tx, r.id, vectors[i]);
    });
    done += rows.length;
    after = rows[rows.length - 1].id;
    onProgress(done);
  }
  const texts = await playbookTextQueries(db);
  for (let i = 0; i < texts.length; i += BATCH) {
    const slice = texts.slice(i, i + BATCH);
    const vectors = await deps.embedder.embed(slice.map((t) => t.query));
    await db.transaction(async (tx) => {
      for (const [j, t] of slice.entries()) await setPlaybookTextEmbedding(tx, t.query_key, vectors[j]);
    });
  }
  await db.transaction(async (tx) => {
    await claimCorpus(tx, deps.embedder);
    await deps.changes?.announce(tx, { kind: 'workers', places: 'all' });
    await deps.changes?.announce(tx, { kind: 'playbooks' });
  });
  deps.changes?.applyLocally({ kind: 'workers', places: 'all' });
  deps.changes?.applyLocally({ kind: 'playbooks' });
  return { workers: done, playbook_texts: texts.length };
}
