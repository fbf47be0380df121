import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smsSegments, validateSms, type Segments } from '../../src/validate/sms.ts';

const a = (n: number) => 'a'.repeat(n);
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

const segmentCases: [string, string, Segments][] = [
  ['empty', '', { encoding: 'GSM-7', characters: 0, count: 0 }],
  ['one char', 'a', { encoding: 'GSM-7', characters: 1, count: 1 }],
  ['160 GSM-7', a(160), { encoding: 'GSM-7', characters: 160, count: 1 }],
  ['161 GSM-7', a(161), { encoding: 'GSM-7', characters: 161, count: 2 }],
  ['306 GSM-7 is two parts', a(306), { encoding: 'GSM-7', characters: 306, count: 2 }],
  ['307 GSM-7 is three parts', a(307), { encoding: 'GSM-7', characters: 307, count: 3 }],
  ['158 + one extension char = 160', a(158) + '€', { encoding: 'GSM-7', characters: 160, count: 1 }],
  ['159 + one extension char overflows', a(159) + '€', { encoding: 'GSM-7', characters: 161, count: 2 }],
  ['159 + { overflows', a(159) + '{', { encoding: 'GSM-7', characters: 161, count: 2 }],
  ['80 extension chars = 160 septets', '^'.repeat(80), { encoding: 'GSM-7', characters: 160, count: 1 }],
  ['every extension char counts two', '^{}\\[~]|€\f', { encoding: 'GSM-7', characters: 20, count: 1 }],
  ['extension pair never split across parts', a(152) + '€' + a(10), { encoding: 'GSM-7', characters: 164, count: 2 }],
  ['extension pair pushed to a third part', a(152) + '€' + a(152), { encoding: 'GSM-7', characters: 306, count: 3 }],
  ['whole basic set is GSM-7', GSM_BASIC, { encoding: 'GSM-7', characters: 127, count: 1 }],
  ['CR LF count one each', 'a\r\nb', { encoding: 'GSM-7', characters: 4, count: 1 }],
  ['70 UCS-2', 'ć' + a(69), { encoding: 'UCS-2', characters: 70, count: 1 }],
  ['71 UCS-2', 'ć' + a(70), { encoding: 'UCS-2', characters: 71, count: 2 }],
  ['134 UCS-2 is two parts', 'ć' + a(133), { encoding: 'UCS-2', characters: 134, count: 2 }],
  ['135 UCS-2 is three parts', 'ć' + a(134), { encoding: 'UCS-2', characters: 135, count: 3 }],
  ['35 emoji = 70 units', '😀'.repeat(35), { encoding: 'UCS-2', characters: 70, count: 1 }],
  ['35 emoji + 1 = 71 units', '😀'.repeat(35) + 'a', { encoding: 'UCS-2', characters: 71, count: 2 }],
  ['surrogate pair never split across parts', a(66) + '😀' + a(10), { encoding: 'UCS-2', characters: 78, count: 2 }],
  ['extension char in UCS-2 counts one', '€ć', { encoding: 'UCS-2', characters: 2, count: 1 }],
  ['backtick is not GSM-7', '`', { encoding: 'UCS-2', characters: 1, count: 1 }],
  ['curly quote is not GSM-7', 'it’s', { encoding: 'UCS-2', characters: 4, count: 1 }],
  ['ç (lower) is not GSM-7', 'ç', { encoding: 'UCS-2', characters: 1, count: 1 }],
  ['tab is not GSM-7', '\t', { encoding: 'UCS-2', characters: 1, count: 1 }],
];

for (const [name, text, expected] of segmentCases) {
  test(`smsSegments: ${name}`, () => assert.deepEqual(smsSegments(text), expected));
}

const worker = { name: 'Maria Lopez', phone: '(555) 123-4567', status: 'active' };
const okBody = 'Hi Maria, a day shift opened in Austin tomorrow 7am. Call 555-123-4567. Reply STOP to opt out.';
const codes = (list: { code: string }[]) => list.map((found) => found.code);

const smsCases: {
  name: string;
  to?: string;
  body?: string;
  facts?: Parameters<typeof validateSms>[1];
  errors: string[];
  warnings: string[];
}[] = [
  { name: 'a clean draft', errors: [], warnings: [] },
  { name: 'to in another shape of the same phone', to: '+1 555 123 4567', errors: [], warnings: [] },
  { name: 'unknown worker', facts: { worker: null }, errors: ['worker_not_found'], warnings: [] },
  { name: 'inactive worker', facts: { worker: { ...worker, status: 'inactive' } }, errors: ['worker_inactive'], warnings: [] },
  { name: 'different phone', to: '555-123-4568', errors: ['recipient_mismatch'], warnings: [] },
  { name: 'not a phone', to: 'maria@example.com', errors: ['invalid_recipient'], warnings: [] },
  { name: 'empty body', body: '  ', errors: ['body_length'], warnings: [] },
  { name: 'two segments', body: `${a(150)} Reply STOP`, errors: ['sms_too_long'], warnings: [] },
  { name: 'no opt-out wording', body: 'Shift tomorrow 7am in Austin.', errors: [], warnings: ['missing_opt_out'] },
  { name: 'opt-out as "Text STOP"', body: 'Shift tomorrow. Text stop to end.', errors: [], warnings: [] },
  { name: 'opt-out as UNSUBSCRIBE', body: 'Shift tomorrow. Reply UNSUBSCRIBE to end.', errors: [], warnings: [] },
  { name: 'opt-out as "opt out"', body: 'Shift tomorrow. Reply to opt out.', errors: [], warnings: [] },
  { name: 'STOPS is not STOP', body: 'Shift with 3 STOPS tomorrow.', errors: [], warnings: ['missing_opt_out'] },
  { name: 'SSN in body', body: 'SSN 123-45-6789 on file. Reply STOP to opt out.', errors: ['pii_ssn'], warnings: [] },
  { name: 'card in body', body: 'Card 4111 1111 1111 1111. Reply STOP to opt out.', errors: ['pii_card'], warnings: [] },
  { name: 'placeholder in body', body: 'Hi {{first_name}}, reply STOP to opt out.', errors: ['unresolved_placeholder'], warnings: [] },
];

for (const c of smsCases) {
  test(`validateSms: ${c.name}`, () => {
    const result = validateSms({ to: c.to ?? '555.123.4567', body: c.body ?? okBody }, c.facts ?? { worker });
    assert.deepEqual(codes(result.errors), c.errors);
    assert.deepEqual(codes(result.warnings), c.warnings);
    assert.equal(result.valid, c.errors.length === 0);
  });
}

test('validateSms: a full 160-character text with a phone number is valid', () => {
  const lead = 'Hi Maria, shift at Riverside 7am-3pm tomorrow. Call 555-123-4567 to confirm. Reply STOP to opt out.';
  const body = lead + ' '.repeat(160 - lead.length);
  const result = validateSms({ to: '555-123-4567', body }, { worker });
  assert.deepEqual(result, { valid: true, errors: [], warnings: [], segments: { encoding: 'GSM-7', characters: 160, count: 1 } });
});

test('validateSms reports segments and explains sms_too_long', () => {
  const result = validateSms({ to: '5551234567', body: '😀'.repeat(30) + ' Reply STOP' }, { worker });
  assert.deepEqual(result.segments, { encoding: 'UCS-2', characters: 71, count: 2 });
  const [tooLong] = result.errors;
  assert.equal(tooLong.field, 'body');
  assert.match(tooLong.message, /UCS-2/);
  assert.match(tooLong.message, /71/);
  assert.match(tooLong.message, /70/);
});
