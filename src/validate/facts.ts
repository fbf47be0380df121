import type { Database, Executor } from '../db/open.ts';
import { overlappingAssignments } from '../fills/repository.ts';
import { findWorker, findWorkers } from '../workers/repository.ts';
import { validateEmail, type EmailDraft } from './email.ts';
import { shiftRange, validateFill, type FillProposal, type FillWorker } from './fill.ts';
import { validateSms, type Segments, type SmsDraft } from './sms.ts';
import type { Verdict } from './verdict.ts';

export interface FactsDeps { database: Database }

/** The email verdict against the worker on file (null when unknown: worker_not_found). */
export async function checkEmailDraft(deps: FactsDeps, draft: EmailDraft & { worker_id: string }): Promise<Verdict> {
  return validateEmail(draft, { worker: await deps.database.read((db) => findWorker(db, draft.worker_id)) });
}

export async function checkSmsDraft(deps: FactsDeps, draft: SmsDraft & { worker_id: string }): Promise<Verdict & { segments: Segments }> {
  return validateSms(draft, { worker: await deps.database.read((db) => findWorker(db, draft.worker_id)) });
}

/** The proposed workers that are on file, by id, in one query. */
export async function fillWorkers(db: Executor, ids: string[]): Promise<Map<string, FillWorker>> {
  const rows = await findWorkers(db, [...new Set(ids)]);
  return new Map(rows.map(({ id, city, state, role, status, certifications, availability }) => [id, { id, city, state, role, status, certifications, availability }]));
}

/** The fill verdict; existing bookings are looked up only when the shift is a valid range. */
export async function checkFillProposal(deps: FactsDeps, proposal: FillProposal): Promise<Verdict> {
  const ids = [...new Set(proposal.worker_ids)];
  const shift = shiftRange(proposal.order);
  const [workers, clashes] = await deps.database.read((db: Executor) => Promise.all([
    fillWorkers(db, ids),
    shift && !('issue' in shift) ? overlappingAssignments(db, ids, shift) : [],
  ]));
  return validateFill(proposal, { workers, clashes });
}
