import { availabilityIssue, type ShiftRange } from './availability.ts';
import { issue, verdict, type Issue, type Verdict } from './verdict.ts';

export type FillOrder = {
  ref?: string;
  city: string;
  state: string;
  role: string;
  headcount: number;
  shift_start?: string;
  shift_end?: string;
  certifications?: string[];
};
export type FillProposal = { order: FillOrder; worker_ids: string[] };
/** `availability` as on file (days, nights, swing, weekends, on_call); absent or empty: not checked. */
export type FillWorker = {
  id: string;
  city: string;
  state: string;
  role: string;
  status: string;
  certifications: string[];
  availability?: string[];
};
export type Clash = { worker_id: string; fill_id: string; shift_start: string; shift_end: string };
export type FillFacts = { workers: Map<string, FillWorker>; clashes: Clash[] };
export type { ShiftRange } from './availability.ts';

export const MAX_SHIFT_HOURS = 24;
// ISO 8601 / RFC 3339 date-time with an explicit offset: a shift without a zone has no single instant to book.
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/;

export function validateFill(proposal: FillProposal, facts: FillFacts): Verdict {
  const { order, worker_ids: ids } = proposal;
  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const shift = shiftRange(order);
  const bookable = shift && !('issue' in shift) ? shift : null;
  if (shift && 'issue' in shift) errors.push(shift.issue);
  const distinct = new Set(ids);
  if (distinct.size !== order.headcount) {
    errors.push(
      issue('headcount_mismatch', `The order needs ${order.headcount} worker(s); the proposal names ${distinct.size}.`, 'worker_ids'),
    );
  }
  const clashesOf = byWorker(facts.clashes);
  const seen = new Set<string>();
  ids.forEach((id, index) => {
    const field = `worker_ids[${index}]`;
    if (seen.has(id)) {
      errors.push(issue('duplicate_worker', `Worker ${id} is proposed more than once.`, field));
      return;
    }
    seen.add(id);
    const worker = facts.workers.get(id);
    if (!worker) errors.push(issue('worker_not_found', `No worker on file with id ${id}.`, field));
    else {
      errors.push(...workerIssues(worker, order, field));
      const outsideHours = bookable ? availabilityIssue(worker, bookable, order.shift_start ?? '', field) : null;
      if (outsideHours) warnings.push(outsideHours);
    }
    errors.push(...clashIssues(id, clashesOf.get(id) ?? [], field));
  });
  return verdict(errors, warnings);
}

function workerIssues(worker: FillWorker, order: FillOrder, field: string): Issue[] {
  const found: Issue[] = [];
  const { id } = worker;
  if (worker.status !== 'active') found.push(issue('worker_inactive', `Worker ${id} is not active.`, field));
  if (!sameText(worker.city, order.city) || !sameText(worker.state, order.state)) {
    found.push(
      issue(
        'location_mismatch',
        `Worker ${id} is in ${worker.city}, ${worker.state}; the order is in ${order.city}, ${order.state}.`,
        field,
      ),
    );
  }
  if (!sameText(worker.role, order.role)) {
    found.push(issue('role_mismatch', `Worker ${id} is a ${worker.role}; the order is for a ${order.role}.`, field));
  }
  const held = new Set(worker.certifications.map(folded));
  const missing = (order.certifications ?? []).filter((cert) => !held.has(folded(cert)));
  if (missing.length > 0) {
    found.push(issue('missing_certification', `Worker ${id} lacks the required certification(s): ${missing.join(', ')}.`, field));
  }
  return found;
}

/** Clashes by worker, so each proposed worker's are found without scanning all of them (that was ids x clashes). */
function byWorker(clashes: Clash[]): Map<string, Clash[]> {
  const map = new Map<string, Clash[]>();
  for (const clash of clashes) {
    const list = map.get(clash.worker_id);
    if (list) list.push(clash);
    else map.set(clash.worker_id, [clash]);
  }
  return map;
}

function clashIssues(id: string, clashes: Clash[], field: string): Issue[] {
  return clashes.map((clash) =>
    issue(
      'double_booked',
      `Worker ${id} is already booked on fill ${clash.fill_id} (${clash.shift_start} to ${clash.shift_end}), which overlaps this shift.`,
      field,
    ),
  );
}

/** The order's shift as instants; null when no shift is given; the invalid_shift issue when it can't be booked. */
export function shiftRange(order: Pick<FillOrder, 'shift_start' | 'shift_end'>): ShiftRange | { issue: Issue } | null {
  const { shift_start: startText, shift_end: endText } = order;
  if (startText === undefined && endText === undefined) return null;
  if (startText === undefined) return invalid('order.shift_start', 'The shift has an end but no start; give both or neither.');
  if (endText === undefined) return invalid('order.shift_end', 'The shift has a start but no end; give both or neither.');
  const start = parseInstant(startText);
  if (!start) return invalid('order.shift_start', unparsable('start', startText));
  const end = parseInstant(endText);
  if (!end) return invalid('order.shift_end', unparsable('end', endText));
  if (end <= start) return invalid('order.shift_end', 'The shift ends before (or when) it starts.');
  if (end.getTime() - start.getTime() > MAX_SHIFT_HOURS * 3_600_000) {
    return invalid('order.shift_end', `The shift is longer than ${MAX_SHIFT_HOURS} hours.`);
  }
  return { start, end };
}

export function parseInstant(text: string): Date | null {
  const normal = text.trim().toUpperCase().replace(' ', 'T');
  const match = ISO_DATE_TIME.exec(normal);
  if (!match) return null;
  const [year, month, day] = match.slice(1, 4).map(Number);
  // Date.parse rolls 2025-02-30 over into March instead of refusing it.
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const time = Date.parse(normal);
  return Number.isNaN(time) || day < 1 || day > daysInMonth ? null : new Date(time);
}

function unparsable(which: string, text: string): string {
  return `The shift ${which} "${text}" is not an ISO-8601 date-time with a time zone (e.g. 2025-03-01T07:00:00-05:00).`;
}

function invalid(field: string, message: string): { issue: Issue } {
  return { issue: issue('invalid_shift', message, field) };
}

function sameText(a: string, b: string): boolean {
  return folded(a) === folded(b);
}

function folded(text: string): string {
  return text.trim().toLowerCase();
}
