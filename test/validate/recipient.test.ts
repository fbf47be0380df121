import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emailRecipientIssue, smsRecipientIssue, toE164 } from '../../src/validate/recipient.ts';

const e164Cases: [string, string | null][] = [
  ['555-123-4567', '+15551234567'],
  ['(555) 123-4567', '+15551234567'],
  ['555.123.4567', '+15551234567'],
  ['555 123 4567', '+15551234567'],
  ['5551234567', '+15551234567'],
  ['+1 555 123 4567', '+15551234567'],
  ['+15551234567', '+15551234567'],
  ['1-800-555-0199', '+18005550199'],
  [' +1 (555) 123-4567 ', '+15551234567'],
  ['+44 20 7946 0958', '+442079460958'],
  ['555-1234', null],
  ['123-45-6789', null],
  ['not a phone', null],
  ['', null],
];

for (const [phone, expected] of e164Cases) {
  test(`toE164 ${JSON.stringify(phone)} -> ${expected}`, () => assert.equal(toE164(phone), expected));
}

const smsCases: [string, string, string | null][] = [
  ['(555) 123-4567', '555-123-4567', null],
  ['+1 555 123 4567', '5551234567', null],
  ['555.123.4567', '+15551234567', null],
  ['1-555-123-4567', '(555) 123-4567', null],
  ['555-123-4568', '555-123-4567', 'recipient_mismatch'],
  ['+44 20 7946 0958', '555-123-4567', 'recipient_mismatch'],
  ['555-123-4567', 'unknown', 'recipient_mismatch'],
  ['12345', '555-123-4567', 'invalid_recipient'],
  ['maria@example.com', '555-123-4567', 'invalid_recipient'],
];

for (const [to, onFile, code] of smsCases) {
  test(`smsRecipientIssue to ${JSON.stringify(to)} on file ${JSON.stringify(onFile)} -> ${code}`, () => {
    const found = smsRecipientIssue(to, onFile);
    assert.equal(found?.code ?? null, code);
    if (found) assert.equal(found.field, 'to');
  });
}

const emailCases: [string, string, string | null][] = [
  ['maria@example.com', 'maria@example.com', null],
  ['Maria@Example.COM', 'maria@example.com', null],
  ['  maria@example.com ', 'MARIA@example.com', null],
  ['mario@example.com', 'maria@example.com', 'recipient_mismatch'],
  ['maria@example.org', 'maria@example.com', 'recipient_mismatch'],
  ['maria', 'maria@example.com', 'invalid_recipient'],
  ['', 'maria@example.com', 'invalid_recipient'],
];

for (const [to, onFile, code] of emailCases) {
  test(`emailRecipientIssue to ${JSON.stringify(to)} on file ${JSON.stringify(onFile)} -> ${code}`, () => {
    assert.equal(emailRecipientIssue(to, onFile)?.code ?? null, code);
  });
}
