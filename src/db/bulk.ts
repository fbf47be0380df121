import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { backendOf, type Database, type Executor } from './database.ts';
import * as schema from './schema.ts';

/** PostgreSQL binary COPY framing (https://www.postgresql.org/docs/current/sql-copy.html, Binary Format). */
export const COPY_HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
export const COPY_TRAILER = Buffer.from([0xff, 0xff]);

/** A connection for one bulk load: binary COPY into a staging table, then statements on the same session. */
export interface BulkSession {
  /** The session's own handle: temp tables made here are visible to the COPY and the merge. */
  db: Executor;
  /** Appends binary COPY rows (no header or trailer). */
  copy(rows: Buffer): Promise<void>;
  finishCopy(): Promise<void>;
  /**
   * Settings for a bulk merge and index build inside `tx`: no statement timeout, and enough
   * maintenance memory for the HNSW graph (its build slows by an order of magnitude when it spills).
   */
  forMaintenance(tx: Executor): Promise<void>;
  release(): void;
}

/**
 * Opens a bulk-load session: `prepare` runs first (creating the staging table), then COPY streams
 * binary rows into `table (columns)`. On PostgreSQL the session is a connection of its own, outside
 * the pool, whose client-side query timeout would cut a long merge; PGlite has one connection.
 */
export async function openBulkSession(
  database: Database,
  table: string,
  columns: readonly string[],
  prepare: (db: Executor) => Promise<void>,
): Promise<BulkSession> {
  const backend = backendOf(database);
  const target = `${table} (${columns.join(', ')})`;
  if (backend.kind === 'pglite') {
    await prepare(database.db);
    return {
      db: database.db,
      copy: async (rows) => {
        await backend.client.query(`COPY ${target} FROM '/dev/blob' (FORMAT binary)`, [], {
          blob: new Blob([Buffer.concat([COPY_HEADER, rows, COPY_TRAILER])]),
        });
      },
      finishCopy: async () => {},
      forMaintenance: async (tx) => {
        await tx.execute(sql`SET LOCAL maintenance_work_mem = '512MB'`);
      },
      release: () => {},
    };
  }
  const client = new pg.Client({ connectionString: backend.url, application_name: 'staffing-matrix-ingest' });
  await client.connect();
  const db = drizzle(client, { schema }) as unknown as Executor;
  try {
    await prepare(db);
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
  const stream = client.query(copyFrom(`COPY ${target} FROM STDIN (FORMAT binary)`));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  // An aborted load ends the connection under the stream; that error is the abort's echo, not news.
  done.catch(() => {});
  stream.write(COPY_HEADER);
  return {
    db,
    copy: async (rows) => {
      if (!stream.write(rows))
        await new Promise<void>((resolve, reject) => {
          stream.once('drain', resolve);
          stream.once('error', reject);
        });
    },
    finishCopy: async () => {
      stream.end(COPY_TRAILER);
      await done;
    },
    forMaintenance: async (tx) => {
      await tx.execute(sql`SET LOCAL statement_timeout = 0`);
      await tx.execute(sql`SET LOCAL maintenance_work_mem = '2GB'`);
      await tx.execute(sql`SET LOCAL max_parallel_maintenance_workers = 2`);
    },
    release: () => {
      client.end().catch(() => {});
    },
  };
}
