import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { type Database, type Executor, type OpenOptions, SESSION_SETTINGS, withBackend } from './database.ts';
import { PreparingClient } from './prepared.ts';
import { ReplicaSet } from './replicas.ts';
import * as schema from './schema.ts';

/**
 * Connections are replaced once a minute so that what a connection planned on small tables does not
 * outlive them. Measured on a new 100k database with autovacuum off (so no ANALYZE of the tables that
 * grow from empty): over a 300 s mix, the double-booking check averaged 5.17 ms and a fill's insert
 * 4.37 ms (whole-table scans of fill_assignments, and of fills for the foreign-key check), against
 * 0.1 and 0.69 ms on the same database once the service's connections were new.
 */
const DEFAULT_CONNECTION_LIFETIME_S = 60;

/** A node-postgres pool on `url`, with read pools on its streaming replicas when given. */
export async function openPostgres(url: string, opts: OpenOptions): Promise<Database> {
  const pool = new pg.Pool({
    Client: PreparingClient,
    connectionString: url,
    max: opts.poolMax ?? 10,
    maxLifetimeSeconds: opts.connectionLifetimeS ?? DEFAULT_CONNECTION_LIFETIME_S,
    connectionTimeoutMillis: 5_000,
    statement_timeout: opts.statementTimeoutMs ?? 15_000,
    // The server cannot time out a query it never received (a silently dropped link): the client gives up too.
    query_timeout: (opts.statementTimeoutMs ?? 15_000) + 5_000,
    idle_in_transaction_session_timeout: 30_000,
    application_name: 'staffing-matrix',
    options: Object.entries(SESSION_SETTINGS)
      .map(([k, v]) => `-c ${k}=${v}`)
      .join(' '),
  });
  // An idle client losing its server (restart, outage) must not crash the process.
  pool.on('error', () => {});
  const primary = drizzlePg(pool, { schema }) as unknown as Executor;
  const sessionOptions = Object.entries(SESSION_SETTINGS)
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
  const replicas = opts.replicaUrls?.length
    ? new ReplicaSet(
        opts.replicaUrls,
        { pool, db: primary },
        {
          poolMax: opts.poolMax ?? 10,
          connectionLifetimeS: opts.connectionLifetimeS ?? DEFAULT_CONNECTION_LIFETIME_S,
          statementTimeoutMs: opts.statementTimeoutMs ?? 15_000,
          maxLagMs: opts.replicaMaxLagMs ?? 1_000,
          checkMs: opts.replicaCheckMs ?? 500,
          waitMs: opts.replicaWaitMs ?? 20,
          sessionOptions,
        },
      )
    : undefined;
  await replicas?.start();
  const db = replicas ? fencedTransactions(primary, replicas) : primary;
  const listeners = new Set<Listener>();
  return withBackend(
    {
      kind: 'postgres',
      embedded: false,
      db,
      poolFigures: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      read: replicas ? (fn) => replicas.read(fn) : (fn) => fn(db),
      replicaStatus: () => replicas?.status(),
      noteRemoteWrite: () => replicas?.noteRemoteWrite(),
      async listen(channel, onPayload, onReset) {
        const listener = await listenResilient(url, channel, onPayload, onReset ?? (() => {}));
        listeners.add(listener);
        return async () => {
          listeners.delete(listener);
          await listener.stop();
        };
      },
      async close() {
        await Promise.all([...listeners].map((l) => l.stop()));
        await replicas?.close();
        await pool.end();
      },
    },
    { kind: 'postgres', pool, url },
  );
}

/**
 * The primary's drizzle with `transaction` noting the commit's WAL position for the readers: every
 * write the domain makes is a transaction, and reads after it on this instance must see it.
 */
function fencedTransactions(db: Executor, replicas: ReplicaSet): Executor {
  const transaction: Executor['transaction'] = async (work, config) => {
    const result = await db.transaction(work, config);
    await replicas.noteWrite();
    return result;
  };
  return new Proxy(db, { get: (target, prop, receiver) => (prop === 'transaction' ? transaction : Reflect.get(target, prop, receiver)) });
}

interface Listener {
  stop(): Promise<void>;
}

const RECONNECT_FIRST_MS = 200;
const RECONNECT_MAX_MS = 3_000;

async function connectListening(url: string, channel: string, onPayload: (payload: string) => void): Promise<pg.Client> {
  // keepAlive notices a server that vanished without closing the socket.
  const client = new pg.Client({
    connectionString: url,
    application_name: 'staffing-matrix-listen',
    keepAlive: true,
    connectionTimeoutMillis: 5_000,
  });
  client.on('error', () => {});
  client.on('notification', (msg) => {
    if (msg.channel === channel) onPayload(msg.payload ?? '');
  });
  try {
    await client.connect();
    await client.query(`LISTEN "${channel.replace(/"/g, '')}"`);
    return client;
  } catch (err) {
    await client.end().catch(() => {});
    throw err;
  }
}

/**
 * A LISTEN connection that outlives outages: when it errors or ends it is
 * reopened with exponential backoff (200 ms doubling to 3 s), and `onReset`
 * runs once it listens again. The first connection must succeed.
 */
async function listenResilient(url: string, channel: string, onPayload: (payload: string) => void, onReset: () => void): Promise<Listener> {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let client = await connectListening(url, channel, onPayload);

  const watch = (c: pg.Client) => {
    let lost = false;
    const onLost = () => {
      if (lost || stopped) return;
      lost = true;
      void c.end().catch(() => {});
      reconnect(0);
    };
    c.on('error', onLost);
    c.on('end', onLost);
  };
  const reconnect = (attempt: number) => {
    timer = setTimeout(
      async () => {
        try {
          const next = await connectListening(url, channel, onPayload);
          if (stopped) return void next.end().catch(() => {});
          client = next;
          watch(next);
          onReset();
        } catch {
          if (!stopped) reconnect(attempt + 1);
        }
      },
      Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** attempt),
    );
  };
  watch(client);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await client.end().catch(() => {});
    },
  };
}
