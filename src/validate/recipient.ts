import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { issue, type Issue } from './verdict.ts';

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** E.164 form of a phone written in any common shape; numbers without a country code are read as US. */
export function toE164(phone: string): string | null {
  const parsed = parsePhoneNumberFromString(phone.trim(), 'US');
  return parsed && parsed.isPossible() ? parsed.number : null;
}

export function emailRecipientIssue(to: string, workerEmail: string): Issue | null {
  const address = to.trim().toLowerCase();
  if (!EMAIL_SHAPE.test(address)) return issue('invalid_recipient', `"${to}" is not an email address.`, 'to');
  if (address === workerEmail.trim().toLowerCase()) return null;
  return issue('recipient_mismatch', `The email goes to ${to.trim()}, but this worker's address on file is ${workerEmail.trim()}.`, 'to');
}

export function smsRecipientIssue(to: string, workerPhone: string): Issue | null {
  const number = toE164(to);
  if (!number) return issue('invalid_recipient', `"${to}" is not a phone number a text can be sent to.`, 'to');
  // The same text parses to the same number; skips the costlier second parse in the common case.
  const onFile = to.trim() === workerPhone.trim() ? number : toE164(workerPhone);
  if (number === onFile) return null;
  const why = onFile ? `this worker's phone on file is ${onFile}` : `this worker's phone on file (${workerPhone}) is not a usable number`;
  return issue('recipient_mismatch', `The text goes to ${number}, but ${why}.`, 'to');
}

/** The worker must be on file and active before anything is sent to them. */
export function workerIssue(worker: { name: string; status: string } | null, channel: string): Issue | null {
  if (!worker) return issue('worker_not_found', 'No worker on file with this id.', 'worker_id');
  if (worker.status !== 'active')
    return issue('worker_inactive', `${worker.name} is not active; ${channel} only to active workers.`, 'worker_id');
  return null;
}
