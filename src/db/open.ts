/**
 * Opening the database: PostgreSQL when DATABASE_URL is set, else embedded PGlite. Everything
 * outside src/db/ imports from here and sees one `Database` interface (database.ts).
 */
import type { Database, OpenOptions } from './database.ts';
import { openPglite } from './pglite.ts';
import { openPostgres } from './postgres.ts';

export {
  type Database,
  errorChain,
  type Executor,
  isConnectionLost,
  type OpenOptions,
  type PoolFigures,
  rowsOf,
  SESSION_SETTINGS,
  sqlStateOf,
} from './database.ts';

/** DATABASE_URL set -> a node-postgres pool; unset -> embedded PGlite in DATA_DIR. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPglite(opts.dataDir);
}
