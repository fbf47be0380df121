import type { Random } from '../src/demo/random.ts';
import type { QueryPool } from './queries.ts';
import type { ShiftClock } from './shifts.ts';

/** One HTTP call a workflow asks for; `step` names it in failure reports. */
export interface Call {
  step: string;
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

export interface Reply {
  step: string;
  status: number;
  body: string;
  /** Which instance answered, when the run spreads calls over several (undefined: the only one). */
  instance?: number;
}

/**
 * A coordinator workflow as a generator: it yields the next call and is resumed
 * with that call's reply, so the autocannon connection loop (sequence.ts) and
 * the unit tests can drive the same code. Returning means the run passed;
 * throwing CheckFailed means it failed at that step.
 */
export type Workflow = Generator<Call, void, Reply>;

export interface Failure {
  step: string;
  check: string;
  status?: number;
  code?: string;
  detail?: string;
}

export class CheckFailed extends Error {
  constructor(readonly failure: Failure) {
    super(`${failure.step}: ${failure.check}`);
  }
}

export const post = (step: string, path: string, body: unknown): Call => ({ step, method: 'POST', path, body });
export const get = (step: string, path: string): Call => ({ step, method: 'GET', path });

/** The parsed JSON of a reply, or undefined when it is not JSON. */
export function json(reply: Reply): any {
  try {
    return JSON.parse(reply.body);
  } catch {
    return undefined;
  }
}

/** The error contract's code of an error reply, when it has one. */
export function errorCode(reply: Reply): string | undefined {
  const code = json(reply)?.error?.code;
  return typeof code === 'string' ? code : undefined;
}

export function fail(reply: Reply, check: string, detail?: string): never {
  throw new CheckFailed({ step: reply.step, check, status: reply.status, code: errorCode(reply), detail: detail ?? snippet(reply.body) });
}

export function ensure(condition: unknown, reply: Reply, check: string, detail?: string): asserts condition {
  if (!condition) fail(reply, check, detail);
}

/** The reply's JSON body when its status is the expected one. */
export function expectStatus(reply: Reply, status: number, check = `HTTP ${status}`): any {
  ensure(reply.status === status, reply, check);
  const body = json(reply);
  ensure(body !== undefined, reply, 'JSON body');
  return body;
}

function snippet(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}

/** A city/state/role the corpus has at least two active workers for, so a 2-worker order can be filled. */
export interface FillTarget {
  city: string;
  state: string;
  role: string;
  workers: number;
}

/** What every workflow draws on; one per harness process, shared by all connections. */
export interface Env {
  random: Random;
  queries: QueryPool;
  shifts: ShiftClock;
  targets: readonly FillTarget[];
  k: number;
  nextRef(): string;
}
