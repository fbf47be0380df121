import { and, eq, gt, lte, sql } from 'drizzle-orm';
import { type Executor, rowsOf } from './open.ts';
import { idempotencyKeys } from './schema.ts';

export interface StoredAnswer {
  request_hash: string;
  status: number;
  response: unknown;
}

/** Whose key it is, on which route: one client's key never answers another's request. */
export interface KeyRef {
  scope: string;
  route: string;
  key: string;
}

/**
 * What a keyed write runs inside its own transaction: `claim` as the first
 * statement, `store` as the last, with the answer about to be sent.
 */
export interface KeyGuard {
  claim(tx: Executor): Promise<void>;
  store(tx: Executor, answer: unknown): Promise<void>;
}

const live = sql`now() - interval '24 hours'`;
// Advisory locks are keyed (class, object); this class is the service's idempotency keys (the migration lock uses class 0).
const KEY_LOCK_CLASS = 7_446_002;

const where = (ref: KeyRef) =>
  and(eq(idempotencyKeys.scope, ref.scope), eq(idempotencyKeys.route, ref.route), eq(idempotencyKeys.key, ref.key));

/** The answer first given to this key within 24 h, if any. */
export async function findAnswer(db: Executor, ref: KeyRef): Promise<StoredAnswer | null> {
  const [row] = await db
    .select({ request_hash: idempotencyKeys.request_hash, status: idempotencyKeys.status, response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(and(where(ref), gt(idempotencyKeys.created_at, live)));
  return row ?? null;
}

/**
 * Waits until no other transaction holds this key, and holds it until this one
 * ends. Concurrent twins run one after another, so a later one sees the first
 * one's stored answer instead of racing it into the write's own constraints.
 */
export async function lockKey(tx: Executor, ref: KeyRef): Promise<void> {
  await rowsOf(
    tx,
    sql`SELECT pg_advisory_xact_lock(${sql.raw(String(KEY_LOCK_CLASS))}, hashtext(${`${ref.scope}\n${ref.route}\n${ref.key}`}))`,
  );
}

/**
 * Stores the answer inside the write's own transaction: the write and its key
 * commit together or not at all. A concurrent twin with the same key fails on
 * the primary key (23505) and its whole transaction rolls back.
 */
export async function storeAnswer(tx: Executor, row: KeyRef & { request_hash: string; status: number; response: unknown }): Promise<void> {
  await tx.delete(idempotencyKeys).where(and(where(row), lte(idempotencyKeys.created_at, live)));
  await tx.insert(idempotencyKeys).values(row);
}

/** Keys older than 24 h answer nothing; this keeps the table from growing without bound. Returns how many went. */
export async function purgeExpiredAnswers(db: Executor): Promise<number> {
  const gone = await db.delete(idempotencyKeys).where(lte(idempotencyKeys.created_at, live)).returning({ key: idempotencyKeys.key });
  return gone.length;
}
