import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { VectorParam } from '../db/vector.ts';
import { type Executor, rowsOf } from '../db/open.ts';
import { playbooks } from '../db/schema.ts';
import { isoTimestamp } from '../db/timestamps.ts';

export interface PlaybookRow {
  id: string;
  query: string;
  filters: unknown;
  worker_ids: string[];
  outcome: string;
  created_at: string;
}

const columns = {
  id: playbooks.id,
  query: playbooks.query,
  filters: playbooks.filters,
  worker_ids: playbooks.worker_ids,
  outcome: playbooks.outcome,
  // Microseconds: created_at is the list's cursor key, and two records can share a millisecond.
  created_at: isoTimestamp(playbooks.created_at, 'us'),
};

export async function insertPlaybook(
  db: Executor,
  row: { query: string; query_key: string; filters: unknown; worker_ids: string[]; outcome: string; embedding: number[] },
): Promise<{ id: string; created_at: string }> {
  const [created] = await db.insert(playbooks).values(row).returning({ id: columns.id, created_at: columns.created_at });
  return created;
}

/** Newest first; the cursor is the (created_at, id) of the last row of the previous page. */
export async function listPlaybookRows(db: Executor, limit: number, after?: { created_at: string; id: string }): Promise<PlaybookRow[]> {
  const cond = after
    ? or(
        lt(playbooks.created_at, sql`${after.created_at}::timestamptz`),
        and(eq(playbooks.created_at, sql`${after.created_at}::timestamptz`), lt(playbooks.id, after.id)),
      )
    : undefined;
  return (await db
    .select(columns)
    .from(playbooks)
    .where(cond)
    .orderBy(desc(playbooks.created_at), desc(playbooks.id))
    .limit(limit)) as PlaybookRow[];
}

export async function findPlaybookRow(db: Executor, id: string): Promise<PlaybookRow | null> {
  const [row] = await db.select(columns).from(playbooks).where(eq(playbooks.id, id));
  return (row as PlaybookRow | undefined) ?? null;
}

export async function deletePlaybookRow(db: Executor, id: string): Promise<boolean> {
  const rows = await db.delete(playbooks).where(eq(playbooks.id, id)).returning({ id: playbooks.id });
  return rows.length > 0;
}

export interface SimilarPlaybook {
  id: string;
  worker_ids: string[];
  similarity: number;
  same_text: boolean;
  created_at: string;
}

/**
 * The playbooks nearest to a query vector through their HNSW index, plus the newest ones
 * recorded for the very same query text: those must lend their boost even when
 * near-duplicates fill the approximate top `limit`. One row per playbook; declined ones
 * lend nothing. The SQL is the function nearest_playbooks() of migrations 0011-0015.
 */
export async function nearestPlaybooks(db: Executor, vector: VectorParam, key: string, limit: number): Promise<SimilarPlaybook[]> {
  return rowsOf<SimilarPlaybook>(
    db,
    sql`SELECT id, worker_ids, similarity, same_text, created_at::text AS created_at
    FROM nearest_playbooks(${vector}::vector, ${key}, ${limit})`,
  );
}

export async function countPlaybooks(db: Executor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(playbooks);
  return row.n;
}

/** Every playbook's id and query text, for a re-embed. */
export async function playbookQueries(db: Executor): Promise<{ id: string; query: string }[]> {
  return db.select({ id: playbooks.id, query: playbooks.query }).from(playbooks);
}

export async function setPlaybookEmbedding(db: Executor, id: string, embedding: number[]): Promise<void> {
  await db.update(playbooks).set({ embedding }).where(eq(playbooks.id, id));
}
