import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validateFill, type FillWorker } from '../../src/validate/fill.ts';
import { validateSms } from '../../src/validate/sms.ts';

const worker = (id: string, availability: string[]): FillWorker => ({
  id,
  city: 'Austin',
  state: 'TX',
  role: 'Picker',
  status: 'active',
  certifications: [],
  availability,
});
const verdictFor = (availability: string[], start: string, end: string) => {
  const w = worker('w-a', availability);
  return validateFill(
    { order: { city: 'Austin', state: 'TX', role: 'Picker', headcount: 1, shift_start: start, shift_end: end }, worker_ids: ['w-a'] },
    { workers: new Map([[w.id, w]]), clashes: [] },
  );
};

// 2025-03-04 is a Tuesday, 2025-03-08 a Saturday.
const cases: Array<[string, string[], string, string, boolean]> = [
  ["swing-only booked 03:00-11:00 (the issue's case)", ['swing'], '2025-03-04T03:00:00-06:00', '2025-03-04T11:00:00-06:00', true],
  ['swing-only booked 15:00-23:00', ['swing'], '2025-03-04T15:00:00-06:00', '2025-03-04T23:00:00-06:00', false],
  ['swing-only booked 14:00-22:30', ['swing'], '2025-03-04T14:00:00-06:00', '2025-03-04T22:30:00-06:00', false],
  ['days booked 07:00-15:30', ['days'], '2025-03-04T07:00:00-06:00', '2025-03-04T15:30:00-06:00', false],
  ['days booked 05:30-14:00 (within the hour of slack)', ['days'], '2025-03-04T05:30:00-06:00', '2025-03-04T14:00:00-06:00', false],
  ['days booked 22:00-06:00', ['days'], '2025-03-04T22:00:00-06:00', '2025-03-05T06:00:00-06:00', true],
  ['nights booked 23:00-07:00 across midnight', ['nights'], '2025-03-04T23:00:00-06:00', '2025-03-05T07:00:00-06:00', false],
  ['nights booked 19:00-07:00', ['nights'], '2025-03-04T19:00:00-06:00', '2025-03-05T07:00:00-06:00', false],
  ['nights booked 09:00-17:00', ['nights'], '2025-03-04T09:00:00-06:00', '2025-03-04T17:00:00-06:00', true],
  ['days and nights cover a 12 h 07:00-19:00', ['days', 'nights'], '2025-03-04T07:00:00-06:00', '2025-03-04T19:00:00-06:00', false],
  ['the hours are read in the written offset (22:00Z is 22:00)', ['nights'], '2025-03-04T22:00:00Z', '2025-03-05T06:00:00Z', false],
  ['the same instant written in Chicago time is 16:00-00:00', ['nights'], '2025-03-04T16:00:00-06:00', '2025-03-05T00:00:00-06:00', true],
  ['on_call covers any hour', ['swing', 'on_call'], '2025-03-04T03:00:00-06:00', '2025-03-04T11:00:00-06:00', false],
  ['no availability on file is not checked', [], '2025-03-04T03:00:00-06:00', '2025-03-04T11:00:00-06:00', false],
  ['weekends-only booked on a Tuesday', ['weekends'], '2025-03-04T08:00:00-06:00', '2025-03-04T16:00:00-06:00', true],
  ['weekends-only booked on a Saturday', ['weekends'], '2025-03-08T08:00:00-06:00', '2025-03-08T16:00:00-06:00', false],
  ['weekends and days on a Saturday night', ['weekends', 'days'], '2025-03-08T22:00:00-06:00', '2025-03-09T06:00:00-06:00', true],
];

for (const [name, availability, start, end, warned] of cases) {
  test(`availability: ${name} -> ${warned ? 'availability_mismatch' : 'no warning'}`, () => {
    const verdict = verdictFor(availability, start, end);
    assert.equal(verdict.valid, true, JSON.stringify(verdict.errors));
    assert.deepEqual(
      verdict.warnings.map((w) => `${w.code}@${w.field}`),
      warned ? ['availability_mismatch@worker_ids[0]'] : [],
    );
  });
}

test('the availability warning names the worker, their hours and the shift', () => {
  const [warning] = verdictFor(['swing'], '2025-03-04T03:00:00-06:00', '2025-03-04T11:00:00-06:00').warnings;
  assert.equal(
    warning.message,
    'Worker w-a is available for swing 14:00-00:00; this shift runs 03:00-11:00 (UTC-06:00), 8 h of it outside those hours.',
  );
});

test('no shift times: availability is not checked', () => {
  const w = worker('w-a', ['swing']);
  const verdict = validateFill(
    { order: { city: 'Austin', state: 'TX', role: 'Picker', headcount: 1 }, worker_ids: ['w-a'] },
    { workers: new Map([[w.id, w]]), clashes: [] },
  );
  assert.deepEqual(verdict.warnings, []);
});

const smsWorker = { name: 'Maria Lopez', phone: '(512) 555-0142', status: 'active' };
const smsCases: Array<[string, string[]]> = [
  ['Hi John, shift Fri 7am. Reply STOP to opt out.', ['greeting_name_mismatch']],
  ['Hello Maria, shift Fri 7am. Reply STOP to opt out.', []],
  ['Hi Maria Lopez, shift Fri 7am. Reply STOP to opt out.', []],
  ['Hi there, shift Fri 7am. Reply STOP to opt out.', []],
  ['Dear Ms. Garcia, shift Fri 7am. Reply STOP to opt out.', ['greeting_name_mismatch']],
];
for (const [body, codes] of smsCases) {
  test(`sms greeting: ${JSON.stringify(body.slice(0, 20))} -> [${codes.join(', ')}]`, () => {
    const verdict = validateSms({ to: smsWorker.phone, body }, { worker: smsWorker });
    assert.deepEqual(
      verdict.warnings.map((w) => w.code),
      codes,
    );
    assert.equal(verdict.valid, true);
  });
}
