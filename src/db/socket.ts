import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { backendOf, type Database } from './database.ts';

// psql, a GUI and a script at once; they share PGlite's one session, a query at a time.
const MAX_CONNECTIONS = 8;

export interface DatabaseSocket {
  host: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Serves an open PGlite over the PostgreSQL wire protocol (no password: bind it
 * to loopback only). Read-only sessions by default, since the service's caches
 * would not hear about writes made here.
 */
export async function serveDatabaseSocket(
  database: Database,
  opts: { port: number; host?: string; write?: boolean },
): Promise<DatabaseSocket> {
  const backend = backendOf(database);
  if (backend.kind !== 'pglite')
    throw new Error('only the embedded database is served on a socket; connect to the PostgreSQL server itself');
  const pglite = backend.client;
  const host = opts.host ?? '127.0.0.1';
  await pglite.query('SELECT set_config($1, $2, false)', ['default_transaction_read_only', opts.write ? 'off' : 'on']);
  const server = new PGLiteSocketServer({ db: pglite, host, port: opts.port, maxConnections: MAX_CONNECTIONS });
  try {
    await server.start();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE')
      throw new Error(`${host}:${opts.port} is taken (another db:socket?); pass --port <free port>`);
    throw err;
  }
  const port = Number(server.getServerConn().split(':').pop());
  return { host, port, stop: () => server.stop() };
}
