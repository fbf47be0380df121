import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Request } from 'autocannon';
import { queryPool } from '../../loadtest/queries.ts';
import { seededRandom } from '../../src/demo/random.ts';
import type { ScenarioName } from '../../loadtest/scenarios.ts';
import { requestSequence, SLOTS } from '../../loadtest/sequence.ts';
import { shiftClock } from '../../loadtest/shifts.ts';
import type { Failure } from '../../loadtest/workflow.ts';

/**
 * Walks a request list the way autocannon's RequestIterator does: slot by slot,
 * a fresh context on wrapping, and back to slot 0 when setupRequest returns null.
 */
class Connection {
  private index = 0;
  private context: object = {};
  private current?: Request;

  constructor(private readonly requests: Request[]) {
    this.current = this.build();
  }

  private build(): Request | undefined {
    const slot = this.requests[this.index];
    const setup = slot.setupRequest as (req: Request, ctx: object) => Request | null;
    const req = setup({ headers: {} }, this.context);
    if (req) return req;
    this.index = 0;
    this.context = {};
    return this.build();
  }

  /** The request on the wire. */
  get request(): Request {
    return this.current!;
  }

  respond(status: number, body: unknown): void {
    (this.requests[this.index].onResponse as (s: number, b: string, c: object) => void)(status, JSON.stringify(body), this.context);
    this.advance();
  }

  /** What autocannon does on a timeout: no onResponse, the next request goes out. */
  timeOut(): void {
    this.advance();
  }

  private advance(): void {
    this.index++;
    if (this.index === this.requests.length) {
      this.index = 0;
      this.context = {};
    }
    this.current = this.build();
  }
}

function connection(only: ScenarioName) {
  const finished: { scenario: ScenarioName; failure?: Failure }[] = [];
  const requests = requestSequence({
    env: { random: seededRandom(1), queries: queryPool(1), shifts: shiftClock(0), targets: [], k: 2, nextRef: () => 'r' },
    pick: () => only,
    basePath: '/api',
    finish: (scenario, _ms, failure) => finished.push({ scenario, failure }),
  });
  assert.equal(requests.length, SLOTS);
  return { conn: new Connection(requests), finished };
}

const page = (ids: string[]) => ({ results: ids.map((id) => ({ id })), cache: { embedding: 'hit', results: 'hit' } });

test('a workflow runs its calls in order, then the next one starts on the same connection', () => {
  const { conn, finished } = connection('profile_swap');
  assert.equal(conn.request.method, 'POST');
  assert.equal(conn.request.path, '/api/v1/matrix/search');
  assert.equal((conn.request.headers as Record<string, string>)['content-type'], 'application/json');
  conn.respond(200, page(['a', 'b']));
  assert.deepEqual(JSON.parse(String(conn.request.body)).exclude_ids, ['a', 'b']);
  conn.respond(200, page(['c', 'd']));
  assert.deepEqual(finished, [{ scenario: 'profile_swap', failure: undefined }]);
  assert.equal(JSON.parse(String(conn.request.body)).exclude_ids, undefined);
});

test('a failed check ends the run at once and the next workflow starts', () => {
  const { conn, finished } = connection('profile_swap');
  conn.respond(503, { error: { code: 'overloaded', message: 'busy' } });
  assert.equal(finished.length, 1);
  assert.deepEqual([finished[0].failure?.step, finished[0].failure?.status, finished[0].failure?.code], ['search', 503, 'overloaded']);
  assert.equal(JSON.parse(String(conn.request.body)).exclude_ids, undefined);
});

test('a call without a response fails its run, even in the last call of the longest workflow', () => {
  const { conn, finished } = connection('repeat_cache');
  for (let i = 0; i < 4; i++) conn.respond(200, page(['a']));
  conn.timeOut();
  assert.equal(finished.length, 1);
  assert.deepEqual([finished[0].failure?.step, finished[0].failure?.check], ['search_5', 'a response within --timeout']);
  for (let i = 0; i < 5; i++) conn.respond(200, page(['a']));
  assert.equal(finished.length, 2);
  assert.equal(finished[1].failure, undefined);
});
