import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInstant, shiftRange, validateFill, type FillFacts, type FillOrder, type FillWorker } from '../../src/validate/fill.ts';

const worker = (id: string, extra: Partial<FillWorker> = {}): FillWorker => ({
  id,
  city: 'Austin',
  state: 'TX',
  role: 'Forklift Operator',
  status: 'active',
  certifications: ['OSHA 10', 'Forklift'],
  ...extra,
});
const workers = new Map<string, FillWorker>(
  [
    worker('w1'),
    worker('w2', { city: 'austin', state: 'tx', role: 'forklift operator', certifications: ['osha 10', 'FORKLIFT'] }),
    worker('w3'),
    worker('dallas', { city: 'Dallas' }),
    worker('oklahoma', { state: 'OK' }),
    worker('picker', { role: 'Picker' }),
    worker('gone', { status: 'inactive' }),
    worker('uncertified', { certifications: ['OSHA 10'] }),
  ].map((w) => [w.id, w]),
);
const order: FillOrder = {
  ref: 'PO-1',
  city: 'Austin',
  state: 'TX',
  role: 'Forklift Operator',
  headcount: 2,
  shift_start: '2025-03-01T07:00:00-06:00',
  shift_end: '2025-03-01T15:00:00-06:00',
  certifications: ['Forklift'],
};
const clash = { worker_id: 'w3', fill_id: 'fill-9', shift_start: '2025-03-01T12:00:00Z', shift_end: '2025-03-01T20:00:00Z' };

const cases: { name: string; ids: string[]; order?: Partial<FillOrder>; clashes?: FillFacts['clashes']; errors: [string, string][] }[] = [
  { name: 'a valid fill', ids: ['w1', 'w2'], errors: [] },
  { name: 'no shift times at all', ids: ['w1', 'w2'], order: { shift_start: undefined, shift_end: undefined }, errors: [] },
  { name: 'worker_not_found', ids: ['w1', 'nobody'], errors: [['worker_not_found', 'worker_ids[1]']] },
  { name: 'duplicate_worker', ids: ['w1', 'w2', 'w1'], order: { headcount: 2 }, errors: [['duplicate_worker', 'worker_ids[2]']] },
  { name: 'headcount_mismatch (too few)', ids: ['w1'], errors: [['headcount_mismatch', 'worker_ids']] },
  { name: 'headcount_mismatch (too many)', ids: ['w1', 'w2', 'w3'], errors: [['headcount_mismatch', 'worker_ids']] },
  { name: 'headcount_mismatch (none)', ids: [], errors: [['headcount_mismatch', 'worker_ids']] },
  { name: 'location_mismatch (city)', ids: ['w1', 'dallas'], errors: [['location_mismatch', 'worker_ids[1]']] },
  { name: 'location_mismatch (state)', ids: ['oklahoma', 'w1'], errors: [['location_mismatch', 'worker_ids[0]']] },
  {
    name: 'location and role ignore case',
    ids: ['w1', 'w2'],
    order: { city: 'AUSTIN', state: 'tx', role: 'FORKLIFT operator' },
    errors: [],
  },
  { name: 'role_mismatch', ids: ['w1', 'picker'], errors: [['role_mismatch', 'worker_ids[1]']] },
  { name: 'worker_inactive', ids: ['gone', 'w1'], errors: [['worker_inactive', 'worker_ids[0]']] },
  { name: 'missing_certification', ids: ['w1', 'uncertified'], errors: [['missing_certification', 'worker_ids[1]']] },
  { name: 'certifications ignore case', ids: ['w1', 'w2'], order: { certifications: ['forklift', 'OSHA 10'] }, errors: [] },
  { name: 'double_booked', ids: ['w1', 'w3'], clashes: [clash], errors: [['double_booked', 'worker_ids[1]']] },
  { name: 'a clash of another worker is not ours', ids: ['w1', 'w2'], clashes: [clash], errors: [] },
  { name: 'invalid_shift: start only', ids: ['w1', 'w2'], order: { shift_end: undefined }, errors: [['invalid_shift', 'order.shift_end']] },
  {
    name: 'invalid_shift: end only',
    ids: ['w1', 'w2'],
    order: { shift_start: undefined },
    errors: [['invalid_shift', 'order.shift_start']],
  },
  {
    name: 'invalid_shift: unparsable start',
    ids: ['w1', 'w2'],
    order: { shift_start: 'tomorrow 7am' },
    errors: [['invalid_shift', 'order.shift_start']],
  },
  {
    name: 'invalid_shift: no time zone',
    ids: ['w1', 'w2'],
    order: { shift_end: '2025-03-01T15:00:00' },
    errors: [['invalid_shift', 'order.shift_end']],
  },
  {
    name: 'invalid_shift: Feb 30',
    ids: ['w1', 'w2'],
    order: { shift_start: '2025-02-30T07:00:00Z' },
    errors: [['invalid_shift', 'order.shift_start']],
  },
  {
    name: 'invalid_shift: end before start',
    ids: ['w1', 'w2'],
    order: { shift_end: '2025-03-01T06:00:00-06:00' },
    errors: [['invalid_shift', 'order.shift_end']],
  },
  {
    name: 'invalid_shift: end equals start',
    ids: ['w1', 'w2'],
    order: { shift_end: '2025-03-01T07:00:00-06:00' },
    errors: [['invalid_shift', 'order.shift_end']],
  },
  {
    name: 'invalid_shift: over 24 h',
    ids: ['w1', 'w2'],
    order: { shift_end: '2025-03-02T07:00:01-06:00' },
    errors: [['invalid_shift', 'order.shift_end']],
  },
  { name: 'exactly 24 h is allowed', ids: ['w1', 'w2'], order: { shift_end: '2025-03-02T07:00:00-06:00' }, errors: [] },
  {
    name: 'several codes at once, in worker order',
    ids: ['gone', 'picker', 'nobody'],
    order: { headcount: 2 },
    errors: [
      ['headcount_mismatch', 'worker_ids'],
      ['worker_inactive', 'worker_ids[0]'],
      ['role_mismatch', 'worker_ids[1]'],
      ['worker_not_found', 'worker_ids[2]'],
    ],
  },
];

for (const c of cases) {
  test(`validateFill: ${c.name}`, () => {
    const result = validateFill({ order: { ...order, ...c.order }, worker_ids: c.ids }, { workers, clashes: c.clashes ?? [] });
    assert.deepEqual(
      result.errors.map((found) => [found.code, found.field]),
      c.errors,
    );
    assert.equal(result.valid, c.errors.length === 0);
    assert.deepEqual(result.warnings, []);
  });
}

test('messages name the missing certification and the clashing fill', () => {
  const result = validateFill(
    { order: { ...order, certifications: ['Forklift', 'First Aid'] }, worker_ids: ['w1', 'w3'] },
    { workers, clashes: [clash] },
  );
  const messages = result.errors.map((found) => found.message).join('\n');
  assert.match(messages, /First Aid/);
  assert.doesNotMatch(messages, /Forklift,/);
  assert.match(messages, /fill-9/);
});

test('shiftRange returns instants, null or the issue', () => {
  assert.deepEqual(shiftRange({ shift_start: '2025-03-01T13:00:00Z', shift_end: '2025-03-01T21:00:00.000+00:00' }), {
    start: new Date('2025-03-01T13:00:00Z'),
    end: new Date('2025-03-01T21:00:00Z'),
  });
  assert.equal(shiftRange({}), null);
  const bad = shiftRange({ shift_start: '2025-03-01T13:00:00Z', shift_end: 'x' });
  assert.ok(bad && 'issue' in bad && bad.issue.code === 'invalid_shift');
});

const instantCases: [string, string | null][] = [
  ['2025-03-01T07:00:00Z', '2025-03-01T07:00:00.000Z'],
  ['2025-03-01T07:00Z', '2025-03-01T07:00:00.000Z'],
  ['2025-03-01T07:00:00.5-05:00', '2025-03-01T12:00:00.500Z'],
  ['2025-03-01t07:00:00z', '2025-03-01T07:00:00.000Z'],
  ['2024-02-29T00:00:00Z', '2024-02-29T00:00:00.000Z'],
  ['2025-02-29T00:00:00Z', null],
  ['2025-13-01T00:00:00Z', null],
  ['2025-03-01T25:00:00Z', null],
  ['2025-03-01', null],
  ['March 1, 2025 7:00', null],
];

for (const [text, iso] of instantCases) {
  test(`parseInstant ${JSON.stringify(text)} -> ${iso}`, () => assert.equal(parseInstant(text)?.toISOString() ?? null, iso));
}
