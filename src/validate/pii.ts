import { digitsOf, numberClusters, type Group, type NumberCluster } from './numbers.ts';
import { issue, type Issue } from './verdict.ts';

export type Span = { start: number; end: number; digits: string };

const SSN_SEPARATOR = /^[-. ]$/;
const CARD_SEPARATOR = /^[- ]$/;
const CARD_DIGITS = { min: 13, max: 19 };
const CARD_GROUP = { min: 3, max: 6 };

export function ssnSpans(text: string): Span[] {
  return [...numberClusters(text)].flatMap(ssnSpansIn);
}

export function cardSpans(text: string): Span[] {
  return [...numberClusters(text)].flatMap(cardSpansIn);
}

/** SSNs first, then cards, each in text order; one pass over the clusters. */
export function piiIssues(text: string, field: string): Issue[] {
  if (!/\d/.test(text)) return [];
  const ssns: Issue[] = [];
  const cards: Issue[] = [];
  for (const cluster of numberClusters(text)) {
    for (const span of ssnSpansIn(cluster)) ssns.push(ssnIssue(span, field));
    for (const span of cardSpansIn(cluster)) cards.push(cardIssue(span, field));
  }
  return [...ssns, ...cards];
}

function ssnSpansIn(cluster: NumberCluster): Span[] {
  const spans: Span[] = [];
  const { groups, phone } = cluster;
  for (let i = 0; i < groups.length; i++) {
    const end = ssnShapeEnd(groups, i);
    // An SSN shape spans at most three groups, so only those are looked at: searching the rest of the cluster for
    // the next phone group (indexOf) made a long cluster of digit groups quadratic (200 KB: 3.2 s).
    if (end < 0 || anyPhone(phone, i, end)) continue;
    const separator = end > i ? groups[i + 1].gap : '';
    if (gluedTo(cluster, i - 1, i, separator) || gluedTo(cluster, end + 1, end + 1, separator)) continue;
    const digits = digitsOf(groups, i, end);
    if (!possibleSsn(digits)) continue;
    spans.push({ start: groups[i].start, end: groups[end].end, digits });
    i = end;
  }
  return spans;
}

function anyPhone(phone: boolean[], from: number, to: number): boolean {
  for (let k = from; k <= to; k++) if (phone[k]) return true;
  return false;
}

/** Last group of an SSN shape starting at group i (NNNNNNNNN, or NNN-NN-NNNN with one repeated "-", "." or space), else -1. */
function ssnShapeEnd(groups: Group[], i: number): number {
  if (groups[i].digits.length === 9) return i;
  const [area, group, serial] = [groups[i], groups[i + 1], groups[i + 2]];
  if (!group || !serial) return -1;
  const shaped = area.digits.length === 3 && group.digits.length === 2 && serial.digits.length === 4;
  return shaped && SSN_SEPARATOR.test(group.gap) && serial.gap === group.gap ? i + 2 : -1;
}

/**
 * Whether neighbour group k continues the candidate's number. A "-", "." or bracket always does; a space only
 * does when the candidate itself is spaced ("1 123 45 6789"), and never after a complete phone number.
 */
function gluedTo(cluster: NumberCluster, k: number, gapOwner: number, separator: string): boolean {
  if (k < 0 || k >= cluster.groups.length) return false;
  const gap = cluster.groups[gapOwner].gap;
  return gap !== ' ' || (separator === ' ' && !cluster.phone[k]);
}

// SSA never assigns area 000, 666 or 900-999, group 00 or serial 0000 (SSA, "Social Security Number Randomization", 2011).
export function possibleSsn(digits: string): boolean {
  const area = digits.slice(0, 3);
  return area !== '000' && area !== '666' && area[0] !== '9' && digits.slice(3, 5) !== '00' && digits.slice(5) !== '0000';
}

function cardSpansIn({ groups, phone }: NumberCluster): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < groups.length; i++) {
    const end = phone[i] ? -1 : cardEnd(groups, phone, i);
    if (end < 0) continue;
    spans.push({ start: groups[i].start, end: groups[end].end, digits: digitsOf(groups, i, end) });
    i = end;
  }
  return spans;
}

/** Last group of the longest card number starting at group i: one run, or groups split by one repeated space or dash. */
function cardEnd(groups: Group[], phone: boolean[], i: number): number {
  let found = -1;
  let digits = groups[i].digits;
  if (luhnCard(digits)) found = i;
  if (!fitsCardGroup(groups[i])) return found;
  const separator = groups[i + 1]?.gap ?? '';
  if (!CARD_SEPARATOR.test(separator)) return found;
  for (let j = i + 1; j < groups.length && !phone[j] && groups[j].gap === separator && fitsCardGroup(groups[j]); j++) {
    digits += groups[j].digits;
    if (digits.length > CARD_DIGITS.max) break;
    if (luhnCard(digits)) found = j;
  }
  return found;
}

function fitsCardGroup(group: Group): boolean {
  return group.digits.length >= CARD_GROUP.min && group.digits.length <= CARD_GROUP.max;
}

// Card numbers are 13-19 digits ending in a Luhn check digit (ISO/IEC 7812-1); major industry identifier 0 is not a card issuer.
function luhnCard(digits: string): boolean {
  if (digits.length < CARD_DIGITS.min || digits.length > CARD_DIGITS.max || digits[0] === '0') return false;
  return luhnValid(digits);
}

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let k = 0; k < digits.length; k++) {
    let digit = digits.charCodeAt(digits.length - 1 - k) - 48;
    if (k % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

function ssnIssue(span: Span, field: string): Issue {
  const masked = `***-**-${span.digits.slice(-4)}`;
  const found = issue(
    'pii_ssn',
    `The ${field} contains what looks like a Social Security number (${masked}). Remove it: SSNs must never be sent to workers.`,
    field,
  );
  return { ...found, span: { start: span.start, end: span.end } };
}

function cardIssue(span: Span, field: string): Issue {
  const masked = `ending in ${span.digits.slice(-4)}`;
  const found = issue(
    'pii_card',
    `The ${field} contains what looks like a payment card number (${masked}). Remove it: card numbers must never be sent to workers.`,
    field,
  );
  return { ...found, span: { start: span.start, end: span.end } };
}
