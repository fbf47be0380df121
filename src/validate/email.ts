import { piiIssues } from './pii.ts';
import { emailRecipientIssue, workerIssue } from './recipient.ts';
import { greetingIssue, placeholderIssues } from './template.ts';
import { issue, verdict, type Issue, type Verdict } from './verdict.ts';

export type EmailDraft = { to: string; subject: string; body: string };
export type EmailFacts = { worker: { name: string; email: string; status: string } | null };

export const SUBJECT_MAX = 200;
export const BODY_MAX = 20_000;

export function validateEmail(draft: EmailDraft, facts: EmailFacts): Verdict {
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const worker = facts.worker;
  const unknownOrInactive = workerIssue(worker, 'outreach goes');
  if (unknownOrInactive) errors.push(unknownOrInactive);
  const recipient = worker ? emailRecipientIssue(draft.to, worker.email) : null;
  if (recipient) errors.push(recipient);
  const subject = lengthIssue('subject_length', 'subject', draft.subject, SUBJECT_MAX);
  if (subject) errors.push(subject);
  const body = lengthIssue('body_length', 'body', draft.body, BODY_MAX);
  if (body) errors.push(body);
  for (const field of ['subject', 'body'] as const) {
    errors.push(...piiIssues(draft[field], field), ...placeholderIssues(draft[field], field));
  }
  const greeting = worker ? greetingIssue(draft.body, worker.name) : null;
  if (greeting) warnings.push(greeting);
  return verdict(errors, warnings);
}

/** Length in characters as a reader counts them (code points), ignoring surrounding whitespace. */
function lengthIssue(code: string, field: string, text: string, max: number): Issue | null {
  const length = [...text.trim()].length;
  if (length === 0) return issue(code, `The ${field} is empty.`, field);
  if (length > max) return issue(code, `The ${field} is ${length} characters; the limit is ${max}.`, field);
  return null;
}
