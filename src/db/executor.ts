import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.ts';

/**
 * The one name for a query handle: the database or a transaction on it (drizzle). Repositories
 * take one and do not care which.
 */
export type Executor = Pick<
  PgDatabase<PgQueryResultHKT, typeof schema>,
  'execute' | 'select' | 'insert' | 'update' | 'delete' | 'transaction'
>;
