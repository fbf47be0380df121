import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { type Database, type Executor, openDatabase, SESSION_SETTINGS } from '../../src/db/open.ts';

/** The service's own database handle (same pool options and session settings as `npm start`). */
export const serviceDatabase = (databaseUrl: string, poolMax = 10): Promise<Database> =>
  openDatabase({ databaseUrl, dataDir: 'unused-with-postgres', poolMax, statementTimeoutMs: 600_000 });

/** A plain node-postgres pool with the service's vector session settings: the "raw pgvector" side. */
export function rawPool(databaseUrl: string, max: number): pg.Pool {
  const options = Object.entries(SESSION_SETTINGS)
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
  // idleTimeoutMillis 0: a session SET (ef_search, enable_indexscan) must not vanish with a recycled idle client.
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    options,
    idleTimeoutMillis: 0,
    application_name: 'staffing-matrix-bench',
  });
  pool.on('error', () => {});
  return pool;
}

export interface Statement {
  text: string;
  params: unknown[];
}

/**
 * The SQL a repository function sends, captured instead of run: the bench
 * replays the service's exact statements from a plain pg client. `rows` is
 * what the fake executor answers (countMatching reads `rows[0].n`).
 */
export async function capturedStatements(run: (db: Executor) => Promise<unknown>, rows: unknown[] = [{ n: 0 }]): Promise<Statement[]> {
  const dialect = new PgDialect();
  const statements: Statement[] = [];
  const fake = {
    execute: async (query: SQL) => {
      const { sql, params } = dialect.sqlToQuery(query);
      statements.push({ text: sql, params });
      return { rows };
    },
  } as unknown as Executor;
  await run(fake);
  return statements;
}

/** The statement with every occurrence of a placeholder parameter replaced. */
export const withParam = (s: Statement, placeholder: unknown, value: unknown): Statement => ({
  text: s.text,
  params: s.params.map((p) => (p === placeholder ? value : p)),
});
