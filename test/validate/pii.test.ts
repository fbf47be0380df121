import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cardSpans, luhnValid, piiIssues, possibleSsn, ssnSpans } from '../../src/validate/pii.ts';

const ssnCases: [string, string[]][] = [
  ['123-45-6789', ['123456789']],
  ['SSN 123 45 6789', ['123456789']],
  ['SSN: 123.45.6789', ['123456789']],
  ['ssn 123456789 on file', ['123456789']],
  ['Room 4 123-45-6789', ['123456789']],
  ['(123-45-6789)', ['123456789']],
  ['SSN:123-45-6789.', ['123456789']],
  ['first 123-45-6789, then 234-56-7890', ['123456789', '234567890']],
  ['Call 555-123-4567, SSN 123-45-6789', ['123456789']],
  ['555-123-4567 123-45-6789', ['123456789']],
  ['555-123-4567 123 45 6789', ['123456789']],
  ['+1 555 123 4567 123 45 6789', ['123456789']],
  ['5551234567 123456789', ['123456789']],
  ['665-01-0001', ['665010001']],
  ['899-99-9999', ['899999999']],
  ['001-01-0001', ['001010001']],
  ['SSN\n123-45-6789\n', ['123456789']],
  ['123-45-6789/2024', ['123456789']],
  ['no digits here', []],
  ['000-12-3456', []],
  ['666-12-3456', []],
  ['900-12-3456', []],
  ['987-65-4321', []],
  ['999999999', []],
  ['123-00-4567', []],
  ['123-45-0000', []],
  ['000000000', []],
  ['1234567890', []],
  ['12345678901', []],
  ['12345678', []],
  ['123-45-6789-1', []],
  ['1-123-45-6789', []],
  ['123-45-67890', []],
  ['1123-45-6789', []],
  ['1 123 45 6789', []],
  ['123 45 6789 12', []],
  ['2024.123.45.6789', []],
  ['123456789.00', []],
  ['123-45 6789', []],
  ['123.45-6789', []],
  ['(123) 45-6789', []],
  ['+123456789', []],
  ['+1 123-45-6789', []],
  ['12345-6789', []],
  ['2025-03-01', []],
  ['123,456,789', []],
  ['12-345-6789', []],
];

for (const [text, digits] of ssnCases) {
  test(`ssnSpans ${JSON.stringify(text)} -> [${digits.join(', ')}]`, () => {
    assert.deepEqual(
      ssnSpans(text).map((span) => span.digits),
      digits,
    );
  });
}

const phones = [
  '555-123-4567',
  '(555) 123-4567',
  '(555)123-4567',
  '555.123.4567',
  '+1 555 123 4567',
  '+1 (555) 123-4567',
  '+1-555-123-4567',
  '1-800-555-0199',
  '1 (800) 555-0199',
  '1.800.555.0199',
  '5551234567',
  '+15551234567',
  '15551234567',
  '555 123 4567',
  'call 555 123 4567',
  'Call 555-123-4567 today',
  '+44 20 7946 0958',
  'Call 555-123-4567 or 555.987.6543',
];

for (const phone of phones) {
  test(`phone ${JSON.stringify(phone)} is neither SSN nor card`, () => {
    assert.deepEqual(ssnSpans(phone), []);
    assert.deepEqual(cardSpans(phone), []);
  });
}

const cardCases: [string, string[]][] = [
  ['Visa 4111111111111111', ['4111111111111111']],
  ['4111 1111 1111 1111', ['4111111111111111']],
  ['4111-1111-1111-1111', ['4111111111111111']],
  ['Visa 4012888888881881', ['4012888888881881']],
  ['Visa 13 digits 4222222222222', ['4222222222222']],
  ['MC 5555555555554444', ['5555555555554444']],
  ['MC 5105 1051 0510 5100', ['5105105105105100']],
  ['MC 2-series 2223003122003222', ['2223003122003222']],
  ['Amex 378282246310005', ['378282246310005']],
  ['Amex 3782 822463 10005', ['378282246310005']],
  ['Amex 3714-496353-98431', ['371449635398431']],
  ['Discover 6011111111111117', ['6011111111111117']],
  ['Diners 30569309025904', ['30569309025904']],
  ['JCB 3530 1113 3330 0000', ['3530111333300000']],
  ['19 digits 4903000000000000019', ['4903000000000000019']],
  ['card 4111 1111 1111 1111 exp 12/27', ['4111111111111111']],
  ['card 4111 1111 1111 1111 123', ['4111111111111111']],
  ['room 4 4111 1111 1111 1111', ['4111111111111111']],
  ['4111111111111112', []],
  ['4111 1111 1111 1112', []],
  ['5555555555554445', []],
  ['378282246310006', []],
  ['4222222222223', []],
  ['411111111111', []],
  ['41111111111111111111', []],
  ['0000 0000 0000 0000', []],
  ['4111  1111  1111  1111', []],
  ['4111 1111-1111 1111', []],
  ['123-45-6789', []],
];

for (const [text, digits] of cardCases) {
  test(`cardSpans ${JSON.stringify(text)} -> [${digits.join(', ')}]`, () => {
    assert.deepEqual(
      cardSpans(text).map((span) => span.digits),
      digits,
    );
  });
}

const luhnCases: [string, boolean][] = [
  ['79927398713', true],
  ['79927398710', false],
  ['4111111111111111', true],
  ['4111111111111121', false],
];

for (const [digits, valid] of luhnCases) {
  test(`luhnValid ${digits} -> ${valid}`, () => assert.equal(luhnValid(digits), valid));
}

test('possibleSsn follows the SSA never-assigned ranges', () => {
  assert.equal(possibleSsn('078051120'), true);
  assert.equal(possibleSsn('666000001'), false);
});

test('spans point at the number in the text', () => {
  const text = 'SSN 123-45-6789 now';
  const [span] = ssnSpans(text);
  assert.equal(text.slice(span.start, span.end), '123-45-6789');
});

test('piiIssues masks the number and names the field', () => {
  const issues = piiIssues('SSN 123-45-6789, card 4111 1111 1111 1111', 'body');
  assert.deepEqual(
    issues.map((found) => [found.code, found.field]),
    [
      ['pii_ssn', 'body'],
      ['pii_card', 'body'],
    ],
  );
  assert.match(issues[0].message, /\*\*\*-\*\*-6789/);
  assert.match(issues[1].message, /ending in 1111/);
  for (const found of issues) {
    assert.doesNotMatch(found.message, /123-45-6789|123456789|4111 1111 1111 1111|4111111111111111/);
  }
});

test('piiIssues is empty for a phone-only message', () => {
  assert.deepEqual(piiIssues('Shift at 7am. Call 555-123-4567 or +1 555 123 4567.', 'body'), []);
});
