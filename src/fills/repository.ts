import { and, eq, inArray, sql } from 'drizzle-orm';
import { textArray } from '../db/arrays.ts';
import { type Executor, rowsOf } from '../db/open.ts';
import { fillAssignments, fills } from '../db/schema.ts';
import { isoTimestamp } from '../db/timestamps.ts';
import type { Clash, ShiftRange } from '../validate/fill.ts';

export interface FillRow {
  id: string;
  ref: string | null;
  city: string;
  state: string;
  role: string;
  headcount: number;
  certifications: string[];
  shift_start: string;
  shift_end: string;
  status: 'booked' | 'cancelled';
  playbook_id: string | null;
  created_at: string;
  cancelled_at: string | null;
}
export type FillRecord = FillRow & { worker_ids: string[] };
export interface NewFill {
  ref: string | null;
  city: string;
  state: string;
  role: string;
  headcount: number;
  certifications: string[];
  shift: ShiftRange;
  playbook_id: string | null;
}

const fillColumns = {
  id: fills.id,
  ref: fills.ref,
  city: fills.city,
  state: fills.state,
  role: fills.role,
  headcount: fills.headcount,
  certifications: fills.certifications,
  shift_start: isoTimestamp(fills.shift_start),
  shift_end: isoTimestamp(fills.shift_end),
  status: fills.status,
  playbook_id: fills.playbook_id,
  created_at: isoTimestamp(fills.created_at),
  cancelled_at: isoTimestamp(fills.cancelled_at),
};

/**
 * The fill and one active assignment per worker, in one statement; the exclusion constraint
 * raises 23P01 here when a worker's shift overlaps one already booked. Raw SQL (two inserts
 * in one statement, composed without drizzle's builders: src/db/compose.ts).
 */
export async function insertFillWithAssignments(db: Executor, fill: NewFill, workerIds: string[]): Promise<FillRow> {
  const { shift } = fill;
  const iso = (column: string) => isoTimestamp(sql.raw(column));
  const [row] = await rowsOf<FillRow>(
    db,
    sql`WITH fill AS (
      INSERT INTO fills (ref, city, state, role, headcount, certifications, shift_start, shift_end, playbook_id)
      VALUES (${fill.ref}, ${fill.city}, ${fill.state}, ${fill.role}, ${fill.headcount}, ${textArray(fill.certifications)}::text[],
        ${shift.start.toISOString()}::timestamptz, ${shift.end.toISOString()}::timestamptz, ${fill.playbook_id}::uuid)
      RETURNING *),
    assigned AS (
      INSERT INTO fill_assignments (fill_id, worker_id, shift_start, shift_end)
      SELECT fill.id, worker_id, fill.shift_start, fill.shift_end FROM fill, unnest(${textArray(workerIds)}::text[]) AS worker_id)
    SELECT id, ref, city, state, role, headcount, certifications, ${iso('shift_start')} AS shift_start, ${iso('shift_end')} AS shift_end,
      status, playbook_id, ${iso('created_at')} AS created_at, ${iso('cancelled_at')} AS cancelled_at
    FROM fill`,
  );
  return row;
}

/** Active assignments of these workers whose half-open shift overlaps `shift` (the same test the constraint makes). */
export async function overlappingAssignments(db: Executor, workerIds: string[], shift: ShiftRange): Promise<Clash[]> {
  if (!workerIds.length) return [];
  const a = fillAssignments;
  return db
    .select({ worker_id: a.worker_id, fill_id: a.fill_id, shift_start: isoTimestamp(a.shift_start), shift_end: isoTimestamp(a.shift_end) })
    .from(a)
    .where(
      and(
        eq(a.active, true),
        inArray(a.worker_id, workerIds),
        sql`tstzrange(${a.shift_start}, ${a.shift_end}, '[)') && tstzrange(${shift.start.toISOString()}::timestamptz, ${shift.end.toISOString()}::timestamptz, '[)')`,
      ),
    )
    .orderBy(a.worker_id, a.shift_start, a.fill_id);
}

export interface FutureAssignment {
  fill_id: string;
  shift_start: string;
  shift_end: string;
}

/** Active assignments of one worker whose shift has not ended (booked fills still ahead or under way), soonest first. */
export async function futureAssignments(db: Executor, workerId: string): Promise<FutureAssignment[]> {
  const a = fillAssignments;
  return db
    .select({ fill_id: a.fill_id, shift_start: isoTimestamp(a.shift_start), shift_end: isoTimestamp(a.shift_end) })
    .from(a)
    .where(and(eq(a.active, true), eq(a.worker_id, workerId), sql`${a.shift_end} > now()`))
    .orderBy(a.shift_start, a.fill_id);
}

/** The fill with every worker it booked (active or, once cancelled, released), ordered by id. */
export async function findFillRecord(db: Executor, id: string): Promise<FillRecord | null> {
  const [row] = await db
    .select({
      ...fillColumns,
      worker_ids: sql<
        string[]
      >`coalesce((SELECT array_agg(a.worker_id ORDER BY a.worker_id) FROM fill_assignments a WHERE a.fill_id = ${fills.id}), '{}')`,
    })
    .from(fills)
    .where(eq(fills.id, id));
  return (row as FillRecord | undefined) ?? null;
}

/** Marks a booked fill cancelled and releases its workers; false when it is unknown or already cancelled. */
export async function cancelFillRows(db: Executor, id: string): Promise<boolean> {
  const changed = await db
    .update(fills)
    .set({ status: 'cancelled', cancelled_at: sql`now()` })
    .where(and(eq(fills.id, id), eq(fills.status, 'booked')))
    .returning({ id: fills.id });
  if (!changed.length) return false;
  await db.update(fillAssignments).set({ active: false }).where(eq(fillAssignments.fill_id, id));
  return true;
}
