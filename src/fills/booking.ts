import type { KeyGuard } from '../db/idempotency.ts';
import type { ChangeFeed } from '../db/notify.ts';
import { type Database, sqlStateOf } from '../db/open.ts';
import type { EmbeddingCache } from '../embed/cache.ts';
import { Conflict, NotFound, RuleFailed } from '../errors.ts';
import { writePlaybook } from '../matrix/playbooks.ts';
import { asFillWorkers } from './proposal.ts';
import { lockedWorkers } from '../workers/repository.ts';
import { shiftRange, validateFill, type Clash, type ShiftRange } from '../validate/fill.ts';
import { issue, type Issue } from '../validate/verdict.ts';
import type { BookingInput } from './order.ts';
import { cancelFillRows, findFillRecord, insertFillWithAssignments, overlappingAssignments, type FillRecord } from './repository.ts';

export interface BookingDeps {
  database: Database;
  embeddings: EmbeddingCache;
  changes: ChangeFeed;
}

export type Fill = Omit<FillRecord, 'playbook_id' | 'cancelled_at'> & { playbook_id?: string; cancelled_at?: string };

const EXCLUSION_VIOLATION = '23P01';

/**
 * Books the fill, its workers and the optional playbook in one transaction.
 * Clashes are not read beforehand: the exclusion constraint decides, so two
 * concurrent bookings of one worker can never both commit. With an
 * Idempotency-Key, `guard` claims the key first (a twin waits there, not on the
 * constraint) and stores the answer last.
 */
export async function bookFill(deps: BookingDeps, input: BookingInput, guard?: KeyGuard): Promise<Fill> {
  const { order, worker_ids: ids, playbook } = input;
  const range = shiftRange(order);
  const shift = range && !('issue' in range) ? range : null;
  // Embedded before the transaction, so a slow embedder never holds a connection.
  const vector = playbook ? (await deps.embeddings.get(playbook.query)).vector : null;
  try {
    const fill = await deps.database.db.transaction(async (tx) => {
      await guard?.claim(tx);
      // Held to commit: a worker cannot be deleted between this check and the assignments (no foreign key does it).
      const workers = asFillWorkers(await lockedWorkers(tx, [...new Set(ids)]));
      const verdict = validateFill({ order, worker_ids: ids }, { workers, clashes: [] });
      if (!verdict.valid) throw fillInvalid(verdict.errors);
      if (!shift) throw fillInvalid([issue('invalid_shift', 'A booking needs both shift_start and shift_end.', 'order.shift_start')]);
      const written =
        playbook && vector
          ? await writePlaybook(
              deps,
              tx,
              { query: playbook.query, worker_ids: ids, filters: { city: order.city, state: order.state, role: order.role } },
              vector,
            )
          : null;
      // Last statement before commit: the new assignments block competing bookings for the shortest time.
      const row = await insertFillWithAssignments(
        tx,
        {
          ref: order.ref ?? null,
          city: order.city,
          state: order.state,
          role: order.role,
          headcount: order.headcount,
          certifications: order.certifications ?? [],
          shift,
          playbook_id: written?.id ?? null,
        },
        ids,
      );
      const booked = present({ ...row, worker_ids: [...ids].sort() });
      await guard?.store(tx, booked);
      return booked;
    });
    if (playbook) deps.changes.applyLocally({ kind: 'playbooks' });
    return fill;
  } catch (err) {
    const code = sqlStateOf(err);
    if (code === EXCLUSION_VIOLATION && shift) throw await doubleBooked(deps, ids, shift, err);
    throw err;
  }
}

export async function getFill(deps: Pick<BookingDeps, 'database'>, id: string): Promise<Fill> {
  const fill = await deps.database.read((db) => findFillRecord(db, id));
  if (!fill) throw new NotFound('fill', id);
  return present(fill);
}

/** Cancels a fill and frees its workers; cancelling a cancelled fill changes nothing and answers the same. */
export async function cancelFill(deps: Pick<BookingDeps, 'database'>, id: string): Promise<Fill> {
  const fill = await deps.database.db.transaction(async (tx) => {
    await cancelFillRows(tx, id);
    return findFillRecord(tx, id);
  });
  if (!fill) throw new NotFound('fill', id);
  return present(fill);
}

function present({ playbook_id, cancelled_at, ...fill }: FillRecord): Fill {
  return { ...fill, ...(playbook_id ? { playbook_id } : {}), ...(cancelled_at ? { cancelled_at } : {}) };
}

function fillInvalid(errors: Issue[]): RuleFailed {
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return new RuleFailed('fill_invalid', `The fill cannot be booked: ${errors[0].message}${more}`, errors);
}

/**
 * The 409 naming each clashing worker and the fill it clashes with, read after
 * the rollback. If that fill was cancelled meanwhile, the constraint's own
 * report still names the worker.
 */
async function doubleBooked(deps: Pick<BookingDeps, 'database'>, ids: string[], shift: ShiftRange, err: unknown): Promise<Conflict> {
  const clashes: Clash[] = await overlappingAssignments(deps.database.db, ids, shift);
  const named = clashes.length ? [...new Set(clashes.map((c) => c.worker_id))] : constraintWorker(err);
  const where = clashes.length ? clashes.map((c) => `${c.worker_id} on fill ${c.fill_id} (${c.shift_start} to ${c.shift_end})`) : named;
  return new Conflict('double_booked', `Already booked in an overlapping shift: ${where.join('; ')}.`, { worker_ids: named, clashes });
}

/** The worker in the violation's detail: `Key (worker_id, tstzrange(...))=(w-1, [...)) conflicts with ...`. */
function constraintWorker(err: unknown): string[] {
  const detail = (err as { cause?: { detail?: unknown } }).cause?.detail;
  const match = typeof detail === 'string' ? /\)=\(([A-Za-z0-9_.:-]{1,64}), /.exec(detail) : null;
  return match ? [match[1]] : [];
}
