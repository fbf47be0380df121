import { piiIssues } from './pii.ts';
import { smsRecipientIssue, workerIssue } from './recipient.ts';
import { greetingIssue, placeholderIssues } from './template.ts';
import { issue, verdict, type Issue, type Verdict } from './verdict.ts';

export type Segments = { encoding: 'GSM-7' | 'UCS-2'; characters: number; count: number };
export type SmsDraft = { to: string; body: string };
export type SmsFacts = { worker: { name: string; phone: string; status: string } | null };

// GSM 03.38 (3GPP TS 23.038 §6.2.1) default alphabet in code order 0x00-0x7F, less 0x1B (the escape to the extension table).
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' + '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
// GSM 03.38 extension table: each is sent as escape + code, so it takes two septets.
const GSM_EXTENSION = new Set('\f^{}\\[~]|€');

// 3GPP TS 23.040 (GSM 03.40): one SMS carries 140 octets; each part of a concatenated one loses 6 to its header.
const LIMITS = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
} as const;

const OPT_OUT = /\b(?:stop|unsubscribe|opt[- ]?out)\b/i;

export function smsSegments(text: string): Segments {
  const septets = gsmSeptets(text);
  const encoding = septets === null ? 'UCS-2' : 'GSM-7';
  const widths = septets ?? utf16Widths(text);
  let characters = 0;
  for (const width of widths) characters += width;
  return { encoding, characters, count: segmentCount(widths, characters, LIMITS[encoding]) };
}

/** UTF-16 code units per character: 2 for an astral character such as most emoji. */
function utf16Widths(text: string): number[] {
  const widths: number[] = [];
  for (const char of text) widths.push(char.length);
  return widths;
}

/** Septets per character, or null when some character is outside GSM-7 (the message must go as UCS-2). */
function gsmSeptets(text: string): number[] | null {
  const widths: number[] = [];
  for (const char of text) {
    if (GSM_BASIC.has(char)) widths.push(1);
    else if (GSM_EXTENSION.has(char)) widths.push(2);
    else return null;
  }
  return widths;
}

/** Parts needed; an escape pair or a surrogate pair is never split across two parts. */
function segmentCount(widths: number[], total: number, limit: { single: number; part: number }): number {
  if (total === 0) return 0;
  if (total <= limit.single) return 1;
  let count = 1;
  let used = 0;
  for (const width of widths) {
    if (used + width > limit.part) {
      count++;
      used = 0;
    }
    used += width;
  }
  return count;
}

export function validateSms(draft: SmsDraft, facts: SmsFacts): Verdict & { segments: Segments } {
  const segments = smsSegments(draft.body);
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const worker = facts.worker;
  const unknownOrInactive = workerIssue(worker, 'texts go');
  if (unknownOrInactive) errors.push(unknownOrInactive);
  const recipient = worker ? smsRecipientIssue(draft.to, worker.phone) : null;
  if (recipient) errors.push(recipient);
  if (draft.body.trim() === '') errors.push(issue('body_length', 'The text message is empty.', 'body'));
  if (segments.count > 1) errors.push(tooLong(segments));
  errors.push(...piiIssues(draft.body, 'body'), ...placeholderIssues(draft.body, 'body'));
  if (draft.body.trim() !== '' && !OPT_OUT.test(draft.body)) {
    warnings.push(issue('missing_opt_out', 'The text has no opt-out wording; add e.g. "Reply STOP to opt out."', 'body'));
  }
  // The same rule as email: a text greeting someone else was written for another worker.
  const greeting = worker ? greetingIssue(draft.body, worker.name) : null;
  if (greeting) warnings.push(greeting);
  return { ...verdict(errors, warnings), segments };
}

function tooLong(segments: Segments): Issue {
  const limit = LIMITS[segments.encoding].single;
  const why = segments.encoding === 'UCS-2' ? ' because it contains a character outside the GSM-7 set (e.g. an emoji or curly quote)' : '';
  const unit = segments.encoding === 'UCS-2' ? 'characters' : 'GSM-7 characters (symbols like { } [ ] ~ ^ | \\ € count as two)';
  return issue(
    'sms_too_long',
    `The text is sent as ${segments.encoding}${why}: ${segments.characters} ${unit}, over the ${limit}-character limit of one SMS (it would go as ${segments.count} parts).`,
    'body',
  );
}
