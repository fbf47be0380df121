import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findAnswer, type KeyGuard, type KeyRef, lockKey, purgeExpiredAnswers, type StoredAnswer, storeAnswer } from '../db/idempotency.ts';
import { type Database, sqlStateOf } from '../db/open.ts';
import { Conflict } from '../errors.ts';

const KEY = /^[\x21-\x7e]{1,200}$/;
const UNIQUE_VIOLATION = '23505';
/** Scope of every key when API_KEYS is unset: there is no client identity to tell callers apart. */
export const OPEN_SCOPE = 'open';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Thrown inside the write's transaction when a twin's answer was stored while this one waited for the key: nothing is written. */
class AnsweredMeanwhile extends Error {
  constructor(readonly stored: StoredAnswer) {
    super('answered by a concurrent request with the same Idempotency-Key');
  }
}

export interface IdempotentWriteOptions {
  status: number;
  /** The created resource's URL, sent as `Location` (on replays too). */
  location?: (answer: never) => string;
}

/**
 * Retry-safe POST (Idempotency-Key, 24 h). Without the header the write runs
 * as usual. With it: a key seen before with the same body replays the first
 * answer and writes nothing; with another body it is a 409. Keys belong to the
 * API key that sent them (everyone shares one scope when the service runs
 * without keys). The key is taken (a transaction-scoped advisory lock) as the
 * write transaction's first statement and stored as its last, so a crash after
 * commit still replays and concurrent twins run one after another: the later
 * ones find the first answer and replay it. Only successful writes are stored:
 * a refused request wrote nothing, so repeating it is safe.
 */
export async function idempotentWrite(
  database: Database,
  req: FastifyRequest,
  reply: FastifyReply,
  opts: IdempotentWriteOptions,
  write: (guard?: KeyGuard) => Promise<unknown>,
): Promise<void> {
  const { status } = opts;
  const send = (code: number, answer: unknown) => {
    if (opts.location && code === status) reply.header('Location', opts.location(answer as never));
    reply.status(code).send(answer);
  };
  const header = req.headers['idempotency-key'];
  if (header === undefined) {
    send(status, await write());
    return;
  }
  const key = Array.isArray(header) ? header[0] : header;
  if (!KEY.test(key)) throw Object.assign(new Error('Idempotency-Key must be 1-200 printable ASCII characters'), { statusCode: 400 });
  const ref: KeyRef = { scope: req.keyId ? `key:${req.keyId}` : OPEN_SCOPE, route: `${req.method} ${req.routeOptions.url}`, key };
  const requestHash = createHash('sha256').update(canonical(req.body)).digest('hex');

  const answerWith = (stored: StoredAnswer) => {
    if (stored.request_hash !== requestHash) {
      throw new Conflict('idempotency_key_reused', 'this Idempotency-Key was used with a different request body in the last 24 h');
    }
    reply.header('Idempotent-Replayed', 'true');
    send(stored.status, stored.response);
  };

  // A plain retry is answered without opening a transaction.
  const earlier = await findAnswer(database.db, ref);
  if (earlier) return answerWith(earlier);
  try {
    const answer = await write({
      async claim(tx) {
        await lockKey(tx, ref);
        const meanwhile = await findAnswer(tx, ref);
        if (meanwhile) throw new AnsweredMeanwhile(meanwhile);
      },
      store: (tx, body) => storeAnswer(tx, { ...ref, request_hash: requestHash, status, response: body }),
    });
    send(status, answer);
  } catch (err) {
    if (err instanceof AnsweredMeanwhile) return answerWith(err.stored);
    if (sqlStateOf(err) !== UNIQUE_VIOLATION) throw err;
    // A twin that did not take the lock (an older instance during a rolling deploy) committed first.
    const stored = await findAnswer(database.db, ref);
    if (!stored) throw err;
    answerWith(stored);
  }
}

/** Every hour, and once at start, keys past their 24 h are deleted. */
export const PURGE_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Deletes expired keys now and then every `intervalMs` until the returned stop is called.
 * The timer is unref'd: it never keeps the process alive. Failures are logged and retried next time.
 */
export function purgeExpiredKeys(
  database: Database,
  log: FastifyInstance['log'],
  intervalMs = PURGE_INTERVAL_MS,
): { first: Promise<void>; stop(): void } {
  const run = () =>
    purgeExpiredAnswers(database.db).then(
      (n) => {
        if (n) log.info({ purged: n }, 'expired idempotency keys deleted');
      },
      (err: unknown) => log.warn({ err }, 'expired idempotency keys not purged; retrying later'),
    );
  const first = run();
  const timer = setInterval(() => {
    void run();
  }, intervalMs);
  timer.unref();
  return { first, stop: () => clearInterval(timer) };
}
