import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { backendOf, type Database, rowsOf } from './database.ts';

/** The project root: the nearest directory holding package.json, whether this runs from src/ (tsx) or dist/src/ (built). */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const MIGRATIONS_FOLDER = join(projectRoot(dirname(fileURLToPath(import.meta.url))), 'migrations');
// Any constant works; it only has to be the same for every instance of the service.
const MIGRATION_LOCK = 7_446_001;

/** Applies pending migrations. On PostgreSQL an advisory lock lets several instances start at once. */
export async function migrateDatabase(database: Database): Promise<void> {
  const backend = backendOf(database);
  if (backend.kind === 'pglite') {
    await migratePglite(database.db as unknown as PgliteDatabase, { migrationsFolder: MIGRATIONS_FOLDER });
    return;
  }
  // Its own connection, outside the pool: the pool's statement and client-side query timeouts (15/20 s)
  // would cut a migration that rewrites a large table (adding a stored column to 100k workers takes longer).
  const client = new pg.Client({ connectionString: backend.url, application_name: 'staffing-matrix-migrate' });
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}

interface Journal {
  entries: { tag: string; when: number }[];
}

/** True when every migration in migrations/ has been applied to this database. */
export async function migrationsCurrent(database: Database): Promise<boolean> {
  const journal = JSON.parse(readFileSync(`${MIGRATIONS_FOLDER}/meta/_journal.json`, 'utf8')) as Journal;
  const latest = Math.max(...journal.entries.map((e) => e.when));
  try {
    const [row] = await rowsOf<{ applied: string | null }>(
      database.db,
      sql`SELECT max(created_at)::text AS applied FROM drizzle.__drizzle_migrations`,
    );
    return row?.applied != null && Number(row.applied) >= latest;
  } catch {
    return false;
  }
}
