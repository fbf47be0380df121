import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { Executor } from './open.ts';
import { idempotencyKeys } from './schema.ts';

export interface StoredAnswer { request_hash: string; status: number; response: unknown }

const live = sql`now() - interval '24 hours'`;

/** The answer first given to this key on this route within 24 h, if any. */
export async function findAnswer(db: Executor, route: string, key: string): Promise<StoredAnswer | null> {
  const [row] = await db.select({ request_hash: idempotencyKeys.request_hash, status: idempotencyKeys.status, response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.route, route), eq(idempotencyKeys.key, key), gt(idempotencyKeys.created_at, live)));
  return row ?? null;
}

/**
 * Stores the answer inside the write's own transaction: the write and its key
 * commit together or not at all. A concurrent twin with the same key fails on
 * the primary key (23505) and its whole transaction rolls back.
 */
export async function storeAnswer(tx: Executor, row: { route: string; key: string; request_hash: string; status: number; response: unknown }): Promise<void> {
  await tx.delete(idempotencyKeys).where(and(eq(idempotencyKeys.route, row.route), eq(idempotencyKeys.key, row.key), lte(idempotencyKeys.created_at, live)));
  await tx.insert(idempotencyKeys).values(row);
}

/** Keys older than 24 h answer nothing; this keeps the table from growing without bound. */
export async function purgeExpiredAnswers(db: Executor): Promise<void> {
  await db.delete(idempotencyKeys).where(lte(idempotencyKeys.created_at, live));
}
