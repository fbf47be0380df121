import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CALLBACK, emailDraft, OPT_OUT, SMS_LIMIT, smsText, type Recipient } from '../../loadtest/messages.ts';
import { queryPool } from '../../loadtest/queries.ts';
import { seededRandom } from '../../src/demo/random.ts';
import { SCENARIOS, type Env, type ScenarioName } from '../../loadtest/scenarios.ts';
import { shiftClock } from '../../loadtest/shifts.ts';
import { CheckFailed, type Call, type Failure } from '../../loadtest/workflow.ts';

const K = 4;
const worker = (id: string): Recipient => ({
  id,
  name: 'Zoë Ångström',
  email: `${id}@example.com`,
  phone: '+12145550100',
  role: 'Forklift Operator',
  city: 'Dallas',
  state: 'TX',
});
const hit = (id: string, boost = 0) => ({ id, city: 'Dallas', state: 'TX', role: 'Forklift Operator', playbook_boost: boost });

function env(): Env {
  let ref = 0;
  return {
    random: seededRandom(1),
    queries: queryPool(1),
    shifts: shiftClock(Date.UTC(2200, 0, 1)),
    targets: [{ city: 'Dallas', state: 'TX', role: 'Forklift Operator', workers: 9 }],
    k: K,
    nextRef: () => `r${++ref}`,
  };
}

/** Runs a workflow against a function answering each call; returns the calls made and the failure, if any. */
function drive(name: ScenarioName, answer: (call: Call, index: number) => { status: number; body: unknown; instance?: number }) {
  const calls: Call[] = [];
  const workflow = SCENARIOS[name](env());
  let failure: Failure | undefined;
  try {
    let step = workflow.next();
    while (!step.done) {
      calls.push(step.value);
      const { status, body, instance } = answer(step.value, calls.length - 1);
      step = workflow.next({ step: step.value.step, status, body: JSON.stringify(body), instance });
    }
  } catch (error) {
    if (!(error instanceof CheckFailed)) throw error;
    failure = error.failure;
  }
  return { calls, failure };
}

const page = (ids: string[], results: 'hit' | 'miss' = 'miss') => ({
  status: 200,
  body: { results: ids.map((id) => hit(id)), cache: { embedding: 'miss', results }, took_ms: 1 },
});
const valid = { status: 200, body: { valid: true, errors: [], warnings: [] } };

test('cold_search_email: search, look up the top worker, validate an email to that worker', () => {
  const { calls, failure } = drive('cold_search_email', (call) =>
    call.step === 'search' ? page(['w1', 'w2']) : call.step === 'get_worker' ? { status: 200, body: worker('w1') } : valid,
  );
  assert.equal(failure, undefined);
  assert.deepEqual(
    calls.map((c) => `${c.method} ${c.path}`),
    ['POST /v1/matrix/search', 'GET /v1/workers/w1', 'POST /v1/validate/email'],
  );
  const draft = calls[2].body as { to: string; body: string; worker_id: string };
  assert.equal(draft.to, 'w1@example.com');
  assert.equal(draft.worker_id, 'w1');
  assert.match(draft.body, /^Hi Zoë,/);
});

test('cold_search_email fails with the verdict codes when the draft is refused', () => {
  const { failure } = drive('cold_search_email', (call) =>
    call.step === 'search'
      ? page(['w1'])
      : call.step === 'get_worker'
        ? { status: 200, body: worker('w1') }
        : { status: 200, body: { valid: false, errors: [{ code: 'pii_ssn', message: 'SSN' }], warnings: [] } },
  );
  assert.deepEqual(
    { step: failure?.step, check: failure?.check, code: failure?.code },
    { step: 'validate_email', check: 'draft valid', code: 'pii_ssn' },
  );
});

test('sms_validate sends one GSM segment with the callback and the opt-out to the phone on file', () => {
  const { calls, failure } = drive('sms_validate', (call) =>
    call.step === 'search' ? page(['w9']) : call.step === 'get_worker' ? { status: 200, body: worker('w9') } : valid,
  );
  assert.equal(failure, undefined);
  const sms = calls[2].body as { to: string; body: string };
  assert.equal(sms.to, '+12145550100');
  assert.ok(sms.body.includes(CALLBACK) && sms.body.includes(OPT_OUT), sms.body);
  assert.match(sms.body, /^[A-Za-z0-9 .,'-]+$/);
});

test('the SMS falls back to shorter wordings but always fits 160', () => {
  const long = smsText({
    name: 'Bartholomew-Maximilian Featherstonehaugh',
    role: 'Certified Hazardous Materials Transportation Specialist Level III Supervisor',
    city: 'Rancho Santa Margarita Village',
  });
  assert.ok(long.length <= SMS_LIMIT, `${long.length}: ${long}`);
  assert.ok(long.includes(CALLBACK) && long.includes(OPT_OUT));
});

test('the email greets the worker by first name and has no placeholders', () => {
  const draft = emailDraft(worker('w1'), 'need 2 welders in Reno, NV for the night shift, OSHA 10 required');
  assert.match(draft.body, /^Hi Zoë,\n/);
  assert.doesNotMatch(`${draft.subject} ${draft.body}`, /\{\{|\[[A-Z_]+\]|<[a-z]+>/);
});

test('profile_swap excludes the first page and fails on any overlap', () => {
  const ok = drive('profile_swap', (_call, i) => page(i === 0 ? ['a', 'b', 'c', 'd'] : ['e', 'f', 'g', 'h']));
  assert.equal(ok.failure, undefined);
  assert.deepEqual((ok.calls[1].body as { exclude_ids: string[] }).exclude_ids, ['a', 'b', 'c', 'd']);
  const overlap = drive('profile_swap', (_call, i) => page(i === 0 ? ['a', 'b', 'c', 'd'] : ['e', 'f', 'g', 'a']));
  assert.equal(overlap.failure?.check, 'no excluded id returned');
  const short = drive('profile_swap', (_call, i) => page(i === 0 ? ['a', 'b', 'c', 'd'] : ['e']));
  assert.equal(short.failure?.check, `second list full (k=${K})`);
});

test('repeat_cache wants the same ids and a result-cache hit on calls 2-5', () => {
  const ok = drive('repeat_cache', (_call, i) => page(['a', 'b'], i === 0 ? 'miss' : 'hit'));
  assert.equal(ok.failure, undefined);
  assert.equal(ok.calls.length, 5);
  const missed = drive('repeat_cache', (_call, i) => page(['a', 'b'], i === 3 ? 'miss' : 'hit'));
  assert.deepEqual([missed.failure?.step, missed.failure?.check], ['search_4', 'cache.results == hit']);
  const moved = drive('repeat_cache', (_call, i) => page(i === 1 ? ['b', 'a'] : ['a', 'b'], 'hit'));
  assert.equal(moved.failure?.check, 'same ids as call 1');
});

test('repeat_cache over several instances wants a hit only where the search was answered before', () => {
  // Instances 0, 1, 0, 1, 1: calls 2 (first on instance 1) may miss; 3, 4 and 5 must hit.
  const on = [0, 1, 0, 1, 1];
  const ok = drive('repeat_cache', (_call, i) => ({ ...page(['a', 'b'], i <= 1 ? 'miss' : 'hit'), instance: on[i] }));
  assert.equal(ok.failure, undefined);
  const missed = drive('repeat_cache', (_call, i) => ({
    ...page(['a', 'b'], i === 1 || i === 3 ? 'miss' : i === 0 ? 'miss' : 'hit'),
    instance: on[i],
  }));
  assert.deepEqual([missed.failure?.step, missed.failure?.check], ['search_4', 'cache.results == hit']);
  const moved = drive('repeat_cache', (_call, i) => ({ ...page(i === 1 ? ['b', 'a'] : ['a', 'b'], 'miss'), instance: on[i] }));
  assert.equal(moved.failure?.check, 'same ids as call 1');
});

test('surge_fill_validate books a distinct shift per run and retries a 409 once without the clashing worker', () => {
  const { calls, failure } = drive('surge_fill_validate', (call) => {
    if (call.step === 'filtered_search') return page(['a', 'b', 'c']);
    if (call.step === 'validate_fill') return valid;
    if (call.step === 'book_fill')
      return {
        status: 409,
        body: { error: { code: 'double_booked', message: 'clash', details: { clashes: [{ worker_id: 'b', fill_id: 'f1' }] } } },
      };
    if (call.step === 'filtered_search_retry') return page(['a', 'c']);
    return { status: 201, body: { id: 'f2' } };
  });
  assert.equal(failure, undefined);
  assert.deepEqual(
    calls.map((c) => c.step),
    ['filtered_search', 'validate_fill', 'book_fill', 'filtered_search_retry', 'book_fill_retry'],
  );
  const search = calls[0].body as { filters: object };
  assert.deepEqual(search.filters, { city: 'Dallas', state: 'TX', role: 'Forklift Operator' });
  assert.deepEqual((calls[3].body as { exclude_ids: string[] }).exclude_ids, ['b']);
  const booking = calls[4].body as {
    worker_ids: string[];
    order: { shift_start: string; shift_end: string; headcount: number };
    playbook: { query: string };
  };
  assert.deepEqual(booking.worker_ids, ['a', 'c']);
  assert.equal(booking.order.headcount, 2);
  assert.ok(booking.playbook.query.length > 0);
  assert.equal(Date.parse(booking.order.shift_end) - Date.parse(booking.order.shift_start), 8 * 3_600_000);
});

test('surge_fill_validate proposes others when the validator finds workers already booked in the window, and fails on any other error', () => {
  const booked = (index: number) => ({ code: 'double_booked', message: 'clash', field: `worker_ids[${index}]` });
  const invalid = (errors: object[]) => ({ status: 200, body: { valid: false, errors, warnings: [] } });
  const { calls, failure } = drive('surge_fill_validate', (call) => {
    if (call.step === 'filtered_search') return page(['a', 'b', 'c']);
    if (call.step === 'validate_fill') return invalid([booked(1)]);
    if (call.step === 'filtered_search_revalidate') return page(['a', 'c']);
    if (call.step === 'validate_fill_retry') return valid;
    return { status: 201, body: { id: 'f2' } };
  });
  assert.equal(failure, undefined);
  assert.deepEqual(
    calls.map((c) => c.step),
    ['filtered_search', 'validate_fill', 'filtered_search_revalidate', 'validate_fill_retry', 'book_fill'],
  );
  assert.deepEqual((calls[2].body as { exclude_ids: string[] }).exclude_ids, ['b']);
  assert.deepEqual((calls[4].body as { worker_ids: string[] }).worker_ids, ['a', 'c']);
  const other = drive('surge_fill_validate', (call) =>
    call.step === 'filtered_search'
      ? page(['a', 'b'])
      : invalid([booked(0), { code: 'role_mismatch', message: 'no', field: 'worker_ids[1]' }]),
  );
  assert.deepEqual([other.failure?.step, other.failure?.code], ['validate_fill', 'double_booked,role_mismatch']);
});

test('surge_fill_validate fails when the retry clashes too, or on a result outside the filters', () => {
  const clash = { status: 409, body: { error: { code: 'double_booked', message: 'clash' } } };
  const twice = drive('surge_fill_validate', (call) =>
    call.step.includes('search') ? page(['a', 'b', 'c', 'd']) : call.step === 'validate_fill' ? valid : clash,
  );
  assert.deepEqual([twice.failure?.step, twice.failure?.status, twice.failure?.code], ['book_fill_retry', 409, 'double_booked']);
  const outside = drive('surge_fill_validate', () => ({
    status: 200,
    body: { results: [hit('a'), { ...hit('b'), city: 'Austin' }], cache: {} },
  }));
  assert.equal(outside.failure?.check, 'every result matches city/state/role');
});

test('consecutive shifts never overlap', () => {
  const clock = shiftClock(Date.UTC(2300, 5, 1));
  const shifts = Array.from({ length: 100 }, () => clock.next());
  for (let i = 1; i < shifts.length; i++) assert.ok(shifts[i].start >= shifts[i - 1].end);
});

test('playbook_record_replay records 2-3 results and wants them boosted in the replay', () => {
  let recorded: string[] = [];
  const { calls, failure } = drive('playbook_record_replay', (call) => {
    if (call.step === 'search') return page(['a', 'b', 'c', 'd']);
    if (call.step === 'record_playbook') {
      recorded = (call.body as { worker_ids: string[] }).worker_ids;
      return { status: 201, body: { id: 'p1', created_at: 'now' } };
    }
    return { status: 200, body: { results: ['x', ...recorded].map((id) => hit(id, id === 'x' ? 0 : 0.4)), cache: {} } };
  });
  assert.equal(failure, undefined);
  assert.ok(recorded.length >= 2 && recorded.length <= 3);
  assert.equal((calls[2].body as { use_playbook: boolean }).use_playbook, true);
  const unboosted = drive('playbook_record_replay', (call) =>
    call.step === 'record_playbook' ? { status: 201, body: { id: 'p1' } } : page(['a', 'b', 'c', 'd']),
  );
  assert.equal(unboosted.failure?.check, 'playbook_boost > 0 for recorded workers');
});
