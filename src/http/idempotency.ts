import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { findAnswer, storeAnswer } from '../db/idempotency.ts';
import { type Database, type Executor, sqlStateOf } from '../db/open.ts';
import { Conflict } from '../errors.ts';

/** Runs as the write transaction's last statement, with the answer about to be sent. */
export type BeforeCommit = (tx: Executor, answer: unknown) => Promise<void>;

const KEY = /^[\x21-\x7e]{1,200}$/;
const UNIQUE_VIOLATION = '23505';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Retry-safe POST (SPEC: Idempotency-Key, 24 h). Without the header the write
 * runs as usual. With it: a key seen before with the same body replays the
 * first answer and writes nothing; with another body it is a 409. The key is
 * stored in the write's transaction, so a crash after commit still replays,
 * and concurrent twins cannot both write. Only successful writes are stored:
 * a refused request wrote nothing, so repeating it is safe.
 */
export async function idempotentWrite(
  database: Database, req: FastifyRequest, reply: FastifyReply, status: number,
  write: (beforeCommit?: BeforeCommit) => Promise<unknown>,
): Promise<void> {
  const header = req.headers['idempotency-key'];
  if (header === undefined) {
    reply.status(status).send(await write());
    return;
  }
  const key = Array.isArray(header) ? header[0] : header;
  if (!KEY.test(key)) throw Object.assign(new Error('Idempotency-Key must be 1-200 printable ASCII characters'), { statusCode: 400 });
  const route = `${req.method} ${req.routeOptions.url}`;
  const requestHash = createHash('sha256').update(canonical(req.body)).digest('hex');

  const replay = async (): Promise<boolean> => {
    const stored = await findAnswer(database.db, route, key);
    if (!stored) return false;
    if (stored.request_hash !== requestHash) {
      throw new Conflict('idempotency_key_reused', 'this Idempotency-Key was used with a different request body in the last 24 h');
    }
    reply.status(stored.status).header('Idempotent-Replayed', 'true').send(stored.response);
    return true;
  };

  if (await replay()) return;
  try {
    const answer = await write((tx, body) => storeAnswer(tx, { route, key, request_hash: requestHash, status, response: body }));
    reply.status(status).send(answer);
  } catch (err) {
    if (sqlStateOf(err) !== UNIQUE_VIOLATION) throw err;
    // A concurrent twin committed first: answer what it answered.
    if (!(await replay())) throw err;
  }
}
