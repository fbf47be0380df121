import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../db/open.ts';
import { preparedOn } from '../db/prepared.ts';
import { workers } from '../db/schema.ts';
import { isoTimestamp } from '../db/timestamps.ts';
import type { WorkerPlace } from '../db/notify.ts';
import type { Worker } from './worker.ts';

export interface StoredWorker extends Worker {
  profile: string;
  created_at: string;
  updated_at: string;
}

export interface WorkerListFilter {
  state?: string;
  city?: string;
  role?: string;
}

const columns = {
  id: workers.id,
  name: workers.name,
  email: workers.email,
  phone: workers.phone,
  city: workers.city,
  state: workers.state,
  role: workers.role,
  skills: workers.skills,
  certifications: workers.certifications,
  years_experience: workers.years_experience,
  hourly_rate: workers.hourly_rate,
  rating: workers.rating,
  reliability: workers.reliability,
  availability: workers.availability,
  status: workers.status,
  summary: workers.summary,
  profile: workers.profile,
  created_at: isoTimestamp(workers.created_at),
  updated_at: isoTimestamp(workers.updated_at),
};

export type EmbeddedWorker = Worker & { profile: string; lat: number | null; lon: number | null; embedding: number[] };

/** The columns a worker write sets, in one order: the upsert's update list and the bulk load's staging table (copy.ts). */
export const STORED_COLUMNS = [
  'id',
  'name',
  'email',
  'phone',
  'city',
  'state',
  'role',
  'skills',
  'certifications',
  'years_experience',
  'hourly_rate',
  'rating',
  'reliability',
  'availability',
  'status',
  'summary',
  'profile',
  'lat',
  'lon',
  'embedding',
] as const satisfies readonly (keyof EmbeddedWorker)[];

/** Inserts or replaces workers by id; created_at survives a replace. */
export async function upsertWorkerRows(db: Executor, rows: EmbeddedWorker[]): Promise<number> {
  if (!rows.length) return 0;
  const excluded = (c: string) => sql.raw(`excluded."${c}"`);
  await db
    .insert(workers)
    .values(rows)
    .onConflictDoUpdate({
      target: workers.id,
      set: {
        ...Object.fromEntries(STORED_COLUMNS.filter((c) => c !== 'id').map((c) => [c, excluded(c)])),
        updated_at: sql`now()`,
      },
    });
  return rows.length;
}

export async function placesOf(db: Executor, ids: string[]): Promise<WorkerPlace[]> {
  if (!ids.length) return [];
  return db.select({ state: workers.state, city: workers.city, role: workers.role }).from(workers).where(inArray(workers.id, ids));
}

// The hottest reads (drafts, fill proposals, playbook records) as prepared queries; one array parameter for any number of ids.
const anyId = sql`${workers.id} = ANY(${sql.placeholder('ids')}::text[])`;
const byIds = (db: Executor) =>
  preparedOn(db, 'workers_by_ids', () => db.select(columns).from(workers).where(anyId).prepare('workers_by_ids'));
const lockedByIds = (db: Executor) =>
  preparedOn(db, 'workers_by_ids_key_share', () =>
    db.select(columns).from(workers).where(anyId).orderBy(asc(workers.id)).for('key share').prepare('workers_by_ids_key_share'),
  );
const knownIds = (db: Executor) =>
  preparedOn(db, 'worker_ids_known', () => db.select({ id: workers.id }).from(workers).where(anyId).prepare('worker_ids_known'));

export async function findWorker(db: Executor, id: string): Promise<StoredWorker | null> {
  const [row] = await byIds(db).execute({ ids: [id] });
  return (row as StoredWorker | undefined) ?? null;
}

export async function findWorkers(db: Executor, ids: string[]): Promise<StoredWorker[]> {
  if (!ids.length) return [];
  return (await byIds(db).execute({ ids })) as StoredWorker[];
}

/** Ids of `ids` that are on file. */
export async function existingWorkerIds(db: Executor, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await knownIds(db).execute({ ids });
  return new Set(rows.map((r) => r.id));
}

/** A page ordered by id; `after` is the last id of the previous page. */
export async function listWorkerRows(db: Executor, filter: WorkerListFilter, limit: number, after?: string): Promise<StoredWorker[]> {
  const where = and(
    filter.state ? eq(workers.state, filter.state.toUpperCase()) : undefined,
    filter.city ? eq(sql`lower(${workers.city})`, filter.city.toLowerCase()) : undefined,
    filter.role ? eq(sql`lower(${workers.role})`, filter.role.toLowerCase()) : undefined,
    after ? gt(workers.id, after) : undefined,
  );
  return (await db.select(columns).from(workers).where(where).orderBy(asc(workers.id)).limit(limit)) as StoredWorker[];
}

/** Locks a worker's row for its delete (FOR UPDATE): bookings of the worker wait. False when not on file. */
export async function lockWorkerForDelete(db: Executor, id: string): Promise<boolean> {
  const rows = await db.select({ id: workers.id }).from(workers).where(eq(workers.id, id)).for('update');
  return rows.length > 0;
}

/**
 * The workers of `ids` on file, their rows locked until the transaction ends with a booking's
 * lock (FOR KEY SHARE, what a foreign-key check takes): bookings and edits go on, a delete
 * waits. Ordered by id, so two bookings lock shared workers in the same order. One statement
 * where a booking took two (lock, then read).
 */
export async function lockedWorkers(db: Executor, ids: string[]): Promise<StoredWorker[]> {
  if (!ids.length) return [];
  return (await lockedByIds(db).execute({ ids })) as StoredWorker[];
}

export async function deleteWorkerRow(db: Executor, id: string): Promise<WorkerPlace | null> {
  const [row] = await db
    .delete(workers)
    .where(eq(workers.id, id))
    .returning({ state: workers.state, city: workers.city, role: workers.role });
  return row ?? null;
}

export async function countWorkers(db: Executor): Promise<number> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(workers);
  return row.n;
}

/** Places (as stored) whose workers have no coordinates yet: rows written before coordinates existed. */
export async function unlocatedPlaces(db: Executor): Promise<{ city: string; state: string }[]> {
  return rowsOf(db, sql`SELECT DISTINCT city, state FROM workers WHERE lat IS NULL`);
}

/** Sets coordinates on the workers of one place that have none; returns how many rows changed. */
export async function locateWorkers(db: Executor, city: string, state: string, lat: number, lon: number): Promise<number> {
  const rows = await rowsOf<{ id: string }>(
    db,
    sql`UPDATE workers SET lat = ${lat}, lon = ${lon}
    WHERE state = ${state} AND city = ${city} AND lat IS NULL RETURNING id`,
  );
  return rows.length;
}

/** Worker ids and profiles after `after` in id order: a re-embed walks the corpus with these. */
export async function profilesAfter(db: Executor, after: string, limit: number): Promise<{ id: string; profile: string }[]> {
  return db
    .select({ id: workers.id, profile: workers.profile })
    .from(workers)
    .where(gt(workers.id, after))
    .orderBy(asc(workers.id))
    .limit(limit);
}

export async function setWorkerEmbedding(db: Executor, id: string, embedding: number[]): Promise<void> {
  await db.update(workers).set({ embedding }).where(eq(workers.id, id));
}
