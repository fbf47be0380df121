import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import { textArray } from '../db/arrays.ts';
import type { VectorParam } from '../db/vector.ts';
import { type Executor, rowsOf } from '../db/open.ts';
import { playbooks, playbookTexts } from '../db/schema.ts';
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

/**
 * One statement: the request text's node in the playbook graph when the text is new (a repeat's
 * insert stops at the primary key, before any HNSW work), and the playbook. Raw SQL so the
 * statement composes without drizzle's insert builder (src/db/compose.ts).
 */
export async function insertPlaybook(
  db: Executor,
  row: { query: string; query_key: string; filters: unknown; worker_ids: string[]; outcome: string; embedding: VectorParam },
): Promise<{ id: string; created_at: string }> {
  const [created] = await rowsOf<{ id: string; created_at: string }>(
    db,
    sql`WITH text AS (
      INSERT INTO playbook_texts (query_key, query, embedding) VALUES (${row.query_key}, ${row.query}, ${row.embedding}::vector::halfvec)
      ON CONFLICT (query_key) DO NOTHING)
    INSERT INTO playbooks (query, query_key, filters, worker_ids, outcome)
    VALUES (${row.query}, ${row.query_key}, ${JSON.stringify(row.filters)}::jsonb, ${textArray(row.worker_ids)}::text[], ${row.outcome})
    RETURNING id, ${isoTimestamp(sql`created_at`, 'us')} AS created_at`,
  );
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
 * The newest `perText` playbooks of each request text above `floor` among those nearest to a
 * query vector (an HNSW walk of playbook_texts) and of the very same text, which must lend its
 * boost even when near-duplicates fill the approximate top `limit`: the same text first, then by
 * similarity, newest first, the first `limit`. Declined playbooks lend nothing. The SQL is the
 * function nearest_playbooks() of migrations 0021 and 0022.
 */
export async function nearestPlaybooks(
  db: Executor,
  vector: VectorParam,
  key: string,
  walk: { limit: number; perText: number; floor: number },
): Promise<SimilarPlaybook[]> {
  return rowsOf<SimilarPlaybook>(
    db,
    sql`SELECT id, worker_ids, similarity, same_text, created_at::text AS created_at
    FROM nearest_playbooks(${vector}::vector, ${key}, ${walk.limit}, ${walk.perText}, ${walk.floor}::float8)`,
  );
}

export async function countPlaybooks(db: Executor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(playbooks);
  return row.n;
}

/** Every request text's key and text as first recorded, for a re-embed. */
export async function playbookTextQueries(db: Executor): Promise<{ query_key: string; query: string }[]> {
  return db.select({ query_key: playbookTexts.query_key, query: playbookTexts.query }).from(playbookTexts);
}

export async function setPlaybookTextEmbedding(db: Executor, queryKey: string, embedding: number[]): Promise<void> {
  await db.update(playbookTexts).set({ embedding }).where(eq(playbookTexts.query_key, queryKey));
}
