import { alreadyBooked, clashingWorkers, ensureValid, ids, searchAnswer, verdict, type Hit } from './replies.ts';
import {
  type Env,
  type FillTarget,
  ensure,
  errorCode,
  expectStatus,
  json,
  post,
  type Call,
  type Reply,
  type Workflow,
} from './workflow.ts';

const SEARCH = '/v1/matrix/search';
const HEADCOUNT = 2;

const same = (a: unknown, b: string) => typeof a === 'string' && a.trim().toLowerCase() === b.toLowerCase();

/** Searches with the target's filters and returns the workers to propose, checking the filter guarantee. */
function* proposal(env: Env, step: string, query: string, target: FillTarget, exclude: string[]): Generator<Call, string[], Reply> {
  const filters = { city: target.city, state: target.state, role: target.role };
  const reply = yield post(step, SEARCH, { query, k: env.k, filters, ...(exclude.length > 0 && { exclude_ids: exclude }) });
  const hits = searchAnswer(reply).hits;
  const outside = hits.filter((h: Hit) => !same(h.city, target.city) || !same(h.state, target.state) || !same(h.role, target.role));
  ensure(outside.length === 0, reply, 'every result matches city/state/role', `outside the filters: ${ids(outside).join(', ')}`);
  ensure(
    hits.length >= HEADCOUNT,
    reply,
    `at least ${HEADCOUNT} workers to propose`,
    `got ${hits.length} for ${target.role} in ${target.city}, ${target.state}`,
  );
  return ids(hits.slice(0, HEADCOUNT));
}

function ensureBooked(reply: Reply): void {
  const body = expectStatus(reply, 201, 'fill booked (HTTP 201)');
  ensure(typeof body.id === 'string', reply, 'fill has an id');
}

/**
 * Filtered search -> propose 2 -> validate/fill -> book with its playbook, on a
 * shift no other run of this process uses; a 409 is retried once without the
 * workers it names.
 */
export function* surgeFillValidate(env: Env): Workflow {
  const target = env.random.pick(env.targets);
  const shift = env.shifts.next();
  const query = `need ${HEADCOUNT} ${target.role} workers in ${target.city}, ${target.state} for a surge shift`;
  const order = {
    ref: env.nextRef(),
    city: target.city,
    state: target.state,
    role: target.role,
    headcount: HEADCOUNT,
    shift_start: shift.start,
    shift_end: shift.end,
  };
  let proposed = yield* proposal(env, 'filtered_search', query, target, []);
  let checked = yield post('validate_fill', '/v1/validate/fill', { order, worker_ids: proposed });
  // Workers an earlier run on this database booked in the same window: the validator says so, and a
  // coordinator proposes others (the shift windows are random per run, so this is rare: 7 in 6,726).
  const taken = alreadyBooked(verdict(checked), proposed);
  if (taken) {
    proposed = yield* proposal(env, 'filtered_search_revalidate', query, target, taken);
    checked = yield post('validate_fill_retry', '/v1/validate/fill', { order, worker_ids: proposed });
  }
  ensureValid(checked, verdict(checked), 'proposal valid');
  const booked = yield post('book_fill', '/v1/fills', { order, worker_ids: proposed, playbook: { query } });
  if (booked.status === 201) return ensureBooked(booked);
  ensure(booked.status === 409 && errorCode(booked) === 'double_booked', booked, 'fill booked (201, or 409 double_booked to retry)');
  const clashing = clashingWorkers(json(booked)?.error?.details, proposed);
  const retry = yield* proposal(env, 'filtered_search_retry', query, target, clashing);
  ensureBooked(yield post('book_fill_retry', '/v1/fills', { order, worker_ids: retry, playbook: { query } }));
}

/** Search -> record 2-3 of the results as a playbook -> the same search with use_playbook ranks them in the top k, boosted. */
export function* playbookRecordReplay(env: Env): Workflow {
  const query = env.queries.next();
  const found = yield post('search', SEARCH, { query, k: env.k });
  const hits = searchAnswer(found).hits;
  ensure(hits.length >= 3, found, 'at least 3 results to record', `got ${hits.length}`);
  const recorded = ids(env.random.sample(hits, env.random.int(2, 3)));
  const saved = yield post('record_playbook', '/v1/matrix/playbooks/record', { query, worker_ids: recorded, outcome: 'filled' });
  ensure(typeof expectStatus(saved, 201).id === 'string', saved, 'playbook has an id');
  const replay = yield post('search_with_playbook', SEARCH, { query, k: env.k, use_playbook: true });
  const ranked = new Map(searchAnswer(replay).hits.map((h) => [h.id, h]));
  const missing = recorded.filter((id) => !ranked.has(id));
  ensure(missing.length === 0, replay, 'recorded workers in top k', `recorded ${recorded.join(',')}; missing ${missing.join(',')}`);
  const unboosted = recorded.filter((id) => !(Number(ranked.get(id)?.playbook_boost) > 0));
  ensure(unboosted.length === 0, replay, 'playbook_boost > 0 for recorded workers', `no boost: ${unboosted.join(',')}`);
}
