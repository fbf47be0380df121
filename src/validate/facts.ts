import type { Database } from '../db/open.ts';
import { findWorker } from '../workers/repository.ts';
import { validateEmail, type EmailDraft } from './email.ts';
import { validateSms, type Segments, type SmsDraft } from './sms.ts';
import type { Verdict } from './verdict.ts';

/** Outreach drafts checked against the worker on file (the fill proposal's check is fills/proposal.ts). */
export interface FactsDeps {
  database: Database;
}

/** The email verdict against the worker on file (null when unknown: worker_not_found). */
export async function checkEmailDraft(deps: FactsDeps, draft: EmailDraft & { worker_id: string }): Promise<Verdict> {
  return validateEmail(draft, { worker: await deps.database.read((db) => findWorker(db, draft.worker_id)) });
}

export async function checkSmsDraft(deps: FactsDeps, draft: SmsDraft & { worker_id: string }): Promise<Verdict & { segments: Segments }> {
  return validateSms(draft, { worker: await deps.database.read((db) => findWorker(db, draft.worker_id)) });
}
