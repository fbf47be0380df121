import { emailDraft, smsDraft, type Recipient } from './messages.ts';
import { recipient, searchAnswer, verdict, ensureValid } from './replies.ts';
import { type Env, ensure, get, post, type Call, type Reply, type Workflow } from './workflow.ts';

/** Search, then look the top worker up: the contact details a draft is addressed with. */
function* topWorker(env: Env, query: string): Generator<Call, Recipient, Reply> {
  const found = yield post('search', '/v1/matrix/search', { query, k: env.k });
  const { hits } = searchAnswer(found);
  ensure(hits.length > 0, found, 'at least one result');
  return recipient(yield get('get_worker', `/v1/workers/${encodeURIComponent(hits[0].id)}`));
}

/** A query never asked before in this run -> email to the top worker -> the draft validates. */
export function* coldSearchEmail(env: Env): Workflow {
  const query = env.queries.next();
  const worker = yield* topWorker(env, query);
  const checked = yield post('validate_email', '/v1/validate/email', emailDraft(worker, query));
  ensureValid(checked, verdict(checked), 'draft valid');
}

/** A one-segment SMS with a callback number (which must not read as an SSN) validates. */
export function* smsValidate(env: Env): Workflow {
  const worker = yield* topWorker(env, env.queries.next());
  const checked = yield post('validate_sms', '/v1/validate/sms', smsDraft(worker));
  ensureValid(checked, verdict(checked), 'SMS valid');
}
