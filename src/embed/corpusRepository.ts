import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/open.ts';
import { corpusMeta } from '../db/schema.ts';

export interface CorpusOwner {
  embedder: string;
  dimension: number;
}

/** Records `owner` as the corpus's embedder unless one is recorded already; returns the recorded one. */
export async function claimEmptyCorpus(db: Executor, owner: CorpusOwner): Promise<CorpusOwner> {
  await db.insert(corpusMeta).values(owner).onConflictDoNothing();
  const [meta] = await db.select({ embedder: corpusMeta.embedder, dimension: corpusMeta.dimension }).from(corpusMeta);
  return meta;
}

/** The corpus now belongs to `owner` (after a full re-embed); its generation moves on. */
export async function recordCorpusOwner(db: Executor, owner: CorpusOwner): Promise<void> {
  await db
    .update(corpusMeta)
    .set({ ...owner, generation: sql`${corpusMeta.generation} + 1`, updated_at: sql`now()` })
    .where(eq(corpusMeta.singleton, true));
}
