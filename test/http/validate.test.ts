import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { describeEachBackend, workerFixture } from '../support/backends.ts';

type Issue = { code: string; field?: string; message: string };
const codes = (list: Issue[]) => list.map((i) => `${i.code}@${i.field ?? ''}`).sort();

describeEachBackend('validate routes', (h) => {
  const post = (path: string, payload: object) => h.app.inject({ method: 'POST', url: `/v1/validate/${path}`, payload });
  const email = {
    worker_id: 'v-1',
    to: 'V-1@Example.com',
    subject: 'Forklift shift Saturday',
    body: 'Hi Maria, a forklift shift opens Saturday 7am in Dallas. Reply if you want it.',
  };
  const sms = {
    worker_id: 'v-1',
    to: '(214) 555-0100',
    body: 'Hi Maria, forklift shift Sat 7am Dallas. Reply YES to take it. Reply STOP to opt out.',
  };

  // A fixture, not a test: the tests below read it, and each still runs alone (--test-name-pattern).
  before(async () => {
    const workers = [workerFixture('v-1'), workerFixture('v-2', { status: 'inactive', name: 'Ken Lee' })];
    assert.equal((await h.app.inject({ method: 'POST', url: '/v1/workers/batch', payload: { workers } })).statusCode, 200);
  });

  test('email: a clean draft to the worker on file is valid (address case-insensitive)', async () => {
    const res = await post('email', email);
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { valid: true, errors: [], warnings: [] });
  });

  test('email: PII, placeholders, wrong recipient, length and greeting, each with its field', async () => {
    const cases: [object, string[], string[]][] = [
      [{ body: 'Hi Maria, your SSN 123-45-6789 is on file.' }, ['pii_ssn@body'], []],
      [{ subject: 'Card 4111 1111 1111 1111' }, ['pii_card@subject'], []],
      [{ body: 'Hi Maria, call 555-123-4567 or (555) 123-4567.' }, [], []],
      [{ body: 'Hi {{first_name}}, see you at [SITE_NAME].' }, ['unresolved_placeholder@body', 'unresolved_placeholder@body'], []],
      [{ to: 'someone.else@example.com' }, ['recipient_mismatch@to'], []],
      [{ to: 'not-an-address' }, ['invalid_recipient@to'], []],
      [{ subject: '' }, ['subject_length@subject'], []],
      [{ subject: 's'.repeat(201) }, ['subject_length@subject'], []],
      [{ body: 'b'.repeat(20_001) }, ['body_length@body'], []],
      [{ body: 'Hi Jessica, a shift opens Saturday.' }, [], ['greeting_name_mismatch@body']],
      [{ worker_id: 'v-2', to: 'v-2@example.com', body: 'Hi Ken, a shift opens.' }, ['worker_inactive@worker_id'], []],
    ];
    for (const [over, errors, warnings] of cases) {
      const res = await post('email', { ...email, ...over });
      assert.equal(res.statusCode, 200, res.body);
      const v = res.json();
      assert.deepEqual(codes(v.errors), errors, JSON.stringify(over).slice(0, 80));
      assert.deepEqual(codes(v.warnings), warnings, JSON.stringify(over).slice(0, 80));
      assert.equal(v.valid, errors.length === 0);
      for (const i of [...v.errors, ...v.warnings]) assert.ok(i.message.length > 10, 'a message a coordinator can read');
    }
  });

  test('PII findings say where they are in the field (span), so the console can highlight them', async () => {
    const body = 'Hi Maria, SSN 123-45-6789, card 4111 1111 1111 1111. Reply STOP to opt out.';
    for (const path of ['email', 'sms'] as const) {
      const res = await post(path, { ...(path === 'email' ? email : sms), body });
      assert.equal(res.statusCode, 200, res.body);
      const found = (res.json().errors as (Issue & { span?: { start: number; end: number } })[]).filter((i) => i.code.startsWith('pii_'));
      assert.deepEqual(
        found.map((i) => [i.code, body.slice(i.span!.start, i.span!.end)]),
        [
          ['pii_ssn', '123-45-6789'],
          ['pii_card', '4111 1111 1111 1111'],
        ],
        path,
      );
    }
  });

  test('email and sms: an unknown worker is a verdict (200, worker_not_found), not a 404', async () => {
    for (const [path, body] of [
      ['email', email],
      ['sms', sms],
    ] as const) {
      const res = await post(path, { ...body, worker_id: 'nobody' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().valid, false);
      assert.deepEqual(codes(res.json().errors), ['worker_not_found@worker_id']);
    }
  });

  test('sms: valid in any phone shape, with GSM-7 segment figures', async () => {
    for (const to of ['+12145550100', '214-555-0100', '214.555.0100', '+1 214 555 0100', '2145550100']) {
      const res = await post('sms', { ...sms, to });
      assert.equal(res.statusCode, 200, res.body);
      const v = res.json();
      assert.deepEqual({ valid: v.valid, errors: v.errors, warnings: v.warnings }, { valid: true, errors: [], warnings: [] }, to);
      assert.deepEqual(v.segments, { encoding: 'GSM-7', characters: sms.body.length, count: 1 });
    }
  });

  test('sms: too long at 161 GSM-7 / 71 UCS-2, wrong phone, PII, missing opt-out', async () => {
    const stop = ' STOP';
    const cases: [object, string[], string[], object?][] = [
      [{ body: 'a'.repeat(160 - stop.length) + stop }, [], [], { encoding: 'GSM-7', characters: 160, count: 1 }],
      [{ body: 'a'.repeat(161 - stop.length) + stop }, ['sms_too_long@body'], [], { encoding: 'GSM-7', characters: 161, count: 2 }],
      [{ body: '€'.repeat(78) + stop }, ['sms_too_long@body'], [], { encoding: 'GSM-7', characters: 161, count: 2 }],
      [{ body: 'ć'.repeat(70 - stop.length) + stop }, [], [], { encoding: 'UCS-2', characters: 70, count: 1 }],
      [{ body: 'ć'.repeat(71 - stop.length) + stop }, ['sms_too_long@body'], [], { encoding: 'UCS-2', characters: 71, count: 2 }],
      [{ to: '+1 214 555 0199' }, ['recipient_mismatch@to'], []],
      [{ to: 'call me' }, ['invalid_recipient@to'], []],
      [{ body: 'SSN 123 45 6789. Reply STOP to opt out.' }, ['pii_ssn@body'], []],
      [{ body: 'Shift Sat 7am, Dallas.' }, [], ['missing_opt_out@body']],
      [{ body: '' }, ['body_length@body'], []],
    ];
    for (const [over, errors, warnings, segments] of cases) {
      const v = (await post('sms', { ...sms, ...over })).json();
      assert.deepEqual(codes(v.errors), errors, JSON.stringify(over).slice(0, 60));
      assert.deepEqual(codes(v.warnings), warnings, JSON.stringify(over).slice(0, 60));
      if (segments) assert.deepEqual(v.segments, segments);
    }
  });

  test('schema errors are 400 invalid_request naming the field', async () => {
    const cases: [string, object, string][] = [
      ['email', { to: 'a@b.co', subject: 's', body: 'b' }, 'worker_id'],
      ['email', { ...email, subject: 42 }, 'subject'],
      ['email', { ...email, body: undefined }, 'body'],
      ['email', { ...email, worker_id: 'bad id!' }, 'worker_id'],
      ['email', { ...email, cc: 'x@y.z' }, 'body'],
      ['sms', { worker_id: 'v-1', body: 'x' }, 'to'],
      ['sms', { ...sms, body: ['x'] }, 'body'],
      ['sms', { ...sms, body: 'x'.repeat(10_001) }, 'body'],
      ['fill', { worker_ids: [] }, 'order'],
      ['fill', { order: { city: 'Dallas', state: 'Texas', role: 'r', headcount: 1 }, worker_ids: [] }, 'order.state'],
      ['fill', { order: { city: 'Dallas', state: 'TX', role: 'r', headcount: 0 }, worker_ids: [] }, 'order.headcount'],
      ['fill', { order: { city: 'Dallas', state: 'TX', role: 'r', headcount: 1 }, worker_ids: 'v-1' }, 'worker_ids'],
    ];
    for (const [path, body, field] of cases) {
      const res = await post(path, body);
      assert.equal(res.statusCode, 400, `${path} ${JSON.stringify(body).slice(0, 60)}: ${res.body}`);
      const { error } = res.json();
      assert.equal(error.code, 'invalid_request');
      assert.ok(
        error.details.some((d: { field: string }) => d.field === field),
        `${field} named: ${res.body}`,
      );
    }
  });
});
