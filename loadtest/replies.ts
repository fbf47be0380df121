import type { Recipient } from './messages.ts';
import { CheckFailed, ensure, expectStatus, type Reply } from './workflow.ts';

/** A search result as POST /v1/matrix/search returns it, narrowed to what the checks read. */
export interface Hit {
  id: string;
  city: string;
  state: string;
  role: string;
  playbook_boost: number;
}

export interface SearchAnswer {
  hits: Hit[];
  resultsCache: string;
}

export interface Verdict {
  valid: boolean;
  errors: { code: string; message: string; field?: string }[];
  segments?: { count: number };
}

export function searchAnswer(reply: Reply): SearchAnswer {
  const body = expectStatus(reply, 200);
  ensure(Array.isArray(body.results), reply, 'results is an array');
  const hits: Hit[] = body.results;
  ensure(
    hits.every((h) => typeof h?.id === 'string'),
    reply,
    'every result has an id',
  );
  return { hits, resultsCache: String(body.cache?.results) };
}

export const ids = (hits: readonly Hit[]): string[] => hits.map((h) => h.id);

export function recipient(reply: Reply): Recipient {
  const body = expectStatus(reply, 200);
  for (const field of ['id', 'name', 'email', 'phone', 'role', 'city', 'state'] as const) {
    ensure(typeof body[field] === 'string', reply, `worker has ${field}`);
  }
  return body;
}

export function verdict(reply: Reply): Verdict {
  const body = expectStatus(reply, 200);
  ensure(typeof body.valid === 'boolean' && Array.isArray(body.errors), reply, 'verdict has valid and errors');
  return body;
}

/** Fails the run with the verdict's error codes unless the verdict is valid. */
export function ensureValid(reply: Reply, answer: Verdict, check: string): void {
  if (answer.valid) return;
  throw new CheckFailed({
    step: reply.step,
    check,
    status: reply.status,
    code: answer.errors.map((e) => e.code).join(','),
    detail: answer.errors.map((e) => `${e.code}: ${e.message}`).join('; '),
  });
}

/**
 * The proposed workers a verdict finds booked in the shift already, when that is all it finds
 * (each `double_booked` issue points at worker_ids[i]); undefined when anything else is wrong.
 */
export function alreadyBooked(answer: Verdict, proposed: readonly string[]): string[] | undefined {
  if (answer.valid || !answer.errors.every((e) => e.code === 'double_booked')) return undefined;
  const named = answer.errors.map((e) => proposed[Number(/^worker_ids\[(\d+)\]$/.exec(e.field ?? '')?.[1])]);
  return named.every((id) => id !== undefined) ? [...new Set(named)] : [...proposed];
}

/** The proposed workers a 409 names; all of them when the details name none we can recognise. */
export function clashingWorkers(details: unknown, proposed: readonly string[]): string[] {
  const named = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string' && proposed.includes(value)) named.add(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(details);
  return named.size > 0 ? [...named] : [...proposed];
}
