import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateEmail, type EmailDraft, type EmailFacts } from '../../src/validate/email.ts';

const worker = { name: 'Maria Lopez', email: 'maria.lopez@example.com', status: 'active' };
const draft: EmailDraft = {
  to: 'Maria.Lopez@example.com',
  subject: 'Day shift in Austin tomorrow',
  body: 'Hi Maria,\n\nA day shift opened at the Austin warehouse tomorrow, 7am-3pm. Call 555-123-4567 or reply here.\n\nThanks',
};
const codes = (list: { code: string }[]) => list.map((found) => found.code);

const cases: { name: string; draft?: Partial<EmailDraft>; facts?: EmailFacts; errors: string[]; warnings?: string[] }[] = [
  { name: 'a clean draft', errors: [] },
  { name: 'unknown worker', facts: { worker: null }, errors: ['worker_not_found'] },
  { name: 'inactive worker', facts: { worker: { ...worker, status: 'inactive' } }, errors: ['worker_inactive'] },
  { name: 'another address', draft: { to: 'someone@example.com' }, errors: ['recipient_mismatch'] },
  { name: 'not an address', draft: { to: 'Maria Lopez' }, errors: ['invalid_recipient'] },
  { name: 'empty subject', draft: { subject: '   ' }, errors: ['subject_length'] },
  { name: '200-char subject', draft: { subject: 's'.repeat(200) }, errors: [] },
  { name: '201-char subject', draft: { subject: 's'.repeat(201) }, errors: ['subject_length'] },
  { name: 'empty body', draft: { body: '' }, errors: ['body_length'] },
  { name: '20,000-char body', draft: { body: 'b'.repeat(20_000) }, errors: [] },
  { name: '20,001-char body', draft: { body: 'b'.repeat(20_001) }, errors: ['body_length'] },
  { name: 'SSN in subject', draft: { subject: 'Your SSN 123-45-6789' }, errors: ['pii_ssn'] },
  { name: 'card in body', draft: { body: 'Hi Maria, card 5555 5555 5555 4444.' }, errors: ['pii_card'] },
  { name: 'placeholder in subject', draft: { subject: 'Shift on [SHIFT_DATE]' }, errors: ['unresolved_placeholder'] },
  { name: 'placeholder in body', draft: { body: 'Hi <name>, see you.' }, errors: ['unresolved_placeholder'] },
  { name: 'greeting names someone else', draft: { body: 'Hi John,\nShift tomorrow.' }, errors: [], warnings: ['greeting_name_mismatch'] },
];

for (const c of cases) {
  test(`validateEmail: ${c.name}`, () => {
    const result = validateEmail({ ...draft, ...c.draft }, c.facts ?? { worker });
    assert.deepEqual(codes(result.errors), c.errors);
    assert.deepEqual(codes(result.warnings), c.warnings ?? []);
    assert.equal(result.valid, c.errors.length === 0);
  });
}

test('validateEmail reports every problem at once, each with its field', () => {
  const result = validateEmail({ to: 'x@y.com', subject: '', body: 'SSN 123 45 6789 {{x}}' }, { worker: null });
  assert.deepEqual(
    result.errors.map((found) => [found.code, found.field]),
    [
      ['worker_not_found', 'worker_id'],
      ['subject_length', 'subject'],
      ['pii_ssn', 'body'],
      ['unresolved_placeholder', 'body'],
    ],
  );
});
