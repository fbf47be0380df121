import type { Database, Executor } from '../db/open.ts';
import { shiftRange, validateFill, type FillProposal, type FillWorker } from '../validate/fill.ts';
import type { Verdict } from '../validate/verdict.ts';
import { findWorkers } from '../workers/repository.ts';
import { overlappingAssignments } from './repository.ts';

/** A proposed fill checked against the rules (validate/fill.ts) and the bookings on file; booking.ts reuses the lookup. */

/** Workers as the fill rules read them, by id. */
export function asFillWorkers(rows: readonly FillWorker[]): Map<string, FillWorker> {
  return new Map(
    rows.map(({ id, city, state, role, status, certifications, availability }) => [
      id,
      { id, city, state, role, status, certifications, availability },
    ]),
  );
}

/** The proposed workers that are on file, by id, in one query. */
export async function fillWorkers(db: Executor, ids: string[]): Promise<Map<string, FillWorker>> {
  return asFillWorkers(await findWorkers(db, [...new Set(ids)]));
}

/** The fill verdict; existing bookings are looked up only when the shift is a valid range. */
export async function checkFillProposal(deps: { database: Database }, proposal: FillProposal): Promise<Verdict> {
  const ids = [...new Set(proposal.worker_ids)];
  const shift = shiftRange(proposal.order);
  const [workers, clashes] = await deps.database.read((db: Executor) =>
    Promise.all([fillWorkers(db, ids), shift && !('issue' in shift) ? overlappingAssignments(db, ids, shift) : []]),
  );
  return validateFill(proposal, { workers, clashes });
}
