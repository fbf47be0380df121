import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../db/open.ts';
import { EMBEDDING_DIM } from '../db/schema.ts';
import { STORED_COLUMNS } from './repository.ts';

/** The bulk ingest's SQL: a staging table per session, one merge into workers, the index rebuild. */

export const STAGING_TABLE = 'workers_load';
export const HNSW_INDEX = 'workers_embedding_hnsw';

const STAGING_DDL = sql.raw(`CREATE TEMP TABLE IF NOT EXISTS ${STAGING_TABLE} (
  seq int, id text, name text, email text, phone text, city text, state text, role text,
  skills text[], certifications text[], years_experience int, hourly_rate float8, rating float8,
  reliability float8, availability text[], status text, summary text, profile text, lat float8, lon float8, embedding vector(${EMBEDDING_DIM}))`);

const MERGE = sql.raw(`INSERT INTO workers (${STORED_COLUMNS.join(', ')})
  SELECT DISTINCT ON (id) ${STORED_COLUMNS.join(', ')} FROM ${STAGING_TABLE} ORDER BY id, seq DESC
  ON CONFLICT (id) DO UPDATE SET ${STORED_COLUMNS.filter((c) => c !== 'id')
    .map((c) => `${c} = excluded.${c}`)
    .join(', ')}, updated_at = now()`);

/** An empty staging table on this session. */
export async function prepareStaging(db: Executor): Promise<void> {
  await db.execute(STAGING_DDL);
  await db.execute(sql`TRUNCATE ${sql.raw(STAGING_TABLE)}`);
}

export async function dropStaging(db: Executor): Promise<void> {
  await db.execute(sql`DROP TABLE IF EXISTS ${sql.raw(STAGING_TABLE)}`);
}

export async function countAllWorkers(db: Executor): Promise<number> {
  const [{ existing }] = await rowsOf<{ existing: number }>(db, sql`SELECT count(*)::int AS existing FROM workers`);
  return existing;
}

export interface IndexDefinition {
  name: string;
  def: string;
}

/** The workers table's secondary indexes as the migrations defined them. */
export async function secondaryIndexes(db: Executor): Promise<IndexDefinition[]> {
  return rowsOf<IndexDefinition>(
    db,
    sql`SELECT indexrelid::regclass::text AS name,
    pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = 'workers'::regclass AND NOT indisprimary`,
  );
}

export async function dropIndex(db: Executor, index: IndexDefinition): Promise<void> {
  await db.execute(sql.raw(`DROP INDEX "${index.name}"`));
}

export async function createIndex(db: Executor, index: IndexDefinition): Promise<void> {
  await db.execute(sql.raw(index.def));
}

/** Staged rows into workers: the last occurrence of an id wins. */
export async function mergeStagedWorkers(db: Executor): Promise<void> {
  await db.execute(MERGE);
}

/** Fresh statistics let the planner see the HNSW index; PGlite has no autovacuum to gather them. */
export async function analyzeWorkers(db: Executor): Promise<void> {
  await db.execute(sql`ANALYZE workers`);
}
