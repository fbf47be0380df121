import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { lockDataDir } from './lock.ts';
import { type ReadStats, ReplicaSet, type ReplicaStatus } from './replicas.ts';
import * as schema from './schema.ts';

/**
 * Session defaults: ef_search 400 keeps recall@10 at or above
 * 0.97 in every selectivity band on 100k workers, on each of the index builds
 * measured; at 200 unfiltered recall was 0.94-0.97 depending on the build, at 100
 * 0.90-0.94 (bench/recall.ts --sweep). relaxed_order iterative scans (pgvector >= 0.8)
 * let a filtered HNSW scan keep walking until LIMIT rows pass the filter. JIT off: the
 * service's statements run in 0.1-20 ms, and compiling one whose estimated cost passed
 * jit_above_cost took up to 90 ms.
 */
export const SESSION_SETTINGS = { 'hnsw.ef_search': '400', 'hnsw.iterative_scan': 'relaxed_order', jit: 'off' };

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** Either the database or a transaction on it: repositories accept both. */
export type Executor = Pick<Db, 'execute' | 'select' | 'insert' | 'update' | 'delete' | 'transaction'>;

export interface Database {
  readonly kind: 'pglite' | 'postgres';
  readonly db: Db;
  /** node-postgres pool (PostgreSQL only): COPY and pool figures need it. */
  readonly pool?: pg.Pool;
  readonly pglite?: PGlite;
  /**
   * Runs a read on the reader chosen for this call: a streaming replica in rotation that has
   * replayed this instance's latest known write, else the primary (always the primary on PGlite
   * or without DATABASE_REPLICA_URLS). A replica that fails the read hands it to the primary, so
   * `fn` may run twice and must only read. Writes and transactions use `db` (the primary).
   */
  read<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  /** Each replica's state and lag, and where reads went; undefined without replicas. */
  replicaStatus(): { replicas: ReplicaStatus[]; reads: ReadStats; max_lag_ms: number } | undefined;
  /** A write committed by another instance was announced: reads after this must see it. */
  noteRemoteWrite(): void;
  /**
   * Subscribes to NOTIFY on a channel; returns the unsubscribe function.
   * `onReset` runs after the listening connection was lost and re-established:
   * notifications sent meanwhile are gone, so the subscriber must assume anything changed.
   */
  listen(channel: string, onPayload: (payload: string) => void, onReset?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  dataDir: string;
  poolMax?: number;
  statementTimeoutMs?: number;
  /** Streaming replicas of `databaseUrl` for reads (PostgreSQL only). */
  replicaUrls?: string[];
  /** A replica further behind than this leaves rotation (default 1000 ms). */
  replicaMaxLagMs?: number;
  /** How often replicas are probed for state and lag (default 500 ms). */
  replicaCheckMs?: number;
  /** How long a read after a write waits for a replica to replay it before reading from the primary (default 20 ms). */
  replicaWaitMs?: number;
}

/** DATABASE_URL set -> a node-postgres pool; unset -> embedded PGlite in DATA_DIR. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPglite(opts.dataDir);
}

/** SQLSTATE of a database error; drizzle wraps the driver's error (pg or PGlite) in `cause`. */
export function sqlStateOf(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: unknown } | undefined;
  if (!e) return undefined;
  if (typeof e.code === 'string') return e.code;
  return e.cause !== undefined && e.cause !== err ? sqlStateOf(e.cause) : undefined;
}

/** Rows of a raw statement, whichever backend ran it (both results carry `.rows`). */
export async function rowsOf<T>(db: Pick<Db, 'execute'>, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

async function openPglite(dataDir: string): Promise<Database> {
  // Loaded only here: PGlite's WASM runtime adds ~40 MB of RSS a PostgreSQL-backed process never uses.
  const [{ PGlite }, { btree_gist }, { vector }, { drizzle: drizzlePglite }] = await Promise.all([
    import('@electric-sql/pglite'), import('@electric-sql/pglite/contrib/btree_gist'),
    import('@electric-sql/pglite-pgvector'), import('drizzle-orm/pglite'),
  ]);
  const dir = dataDir === 'memory://' ? dataDir : resolve(join(dataDir, 'pglite'));
  let unlock = async () => {};
  if (dir !== 'memory://') {
    mkdirSync(dir, { recursive: true });
    unlock = await lockDataDir(dir, `${dir}.lock`);
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dir === 'memory://' ? undefined : dir, { extensions: { vector, btree_gist } });
    for (const [name, value] of Object.entries(SESSION_SETTINGS)) await client.query('SELECT set_config($1, $2, false)', [name, value]);
  } catch (err) {
    await unlock();
    throw err;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    pglite: client,
    read: (fn) => fn(db),
    replicaStatus: () => undefined,
    noteRemoteWrite: () => {},
    async listen(channel, onPayload) {
      return client.listen(channel, onPayload);
    },
    async close() {
      if (!client.closed) await client.close();
      await unlock();
    },
  };
}

async function openPostgres(url: string, opts: OpenOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolMax ?? 10,
    connectionTimeoutMillis: 5_000,
    statement_timeout: opts.statementTimeoutMs ?? 15_000,
    // The server cannot time out a query it never received (a silently dropped link): the client gives up too.
    query_timeout: (opts.statementTimeoutMs ?? 15_000) + 5_000,
    idle_in_transaction_session_timeout: 30_000,
    application_name: 'staffing-matrix',
    options: Object.entries(SESSION_SETTINGS).map(([k, v]) => `-c ${k}=${v}`).join(' '),
  });
  // An idle client losing its server (restart, outage) must not crash the process.
  pool.on('error', () => {});
  const primary = drizzlePg(pool, { schema }) as unknown as Db;
  const sessionOptions = Object.entries(SESSION_SETTINGS).map(([k, v]) => `-c ${k}=${v}`).join(' ');
  const replicas = opts.replicaUrls?.length
    ? new ReplicaSet(opts.replicaUrls, { pool, db: primary }, {
      poolMax: opts.poolMax ?? 10, statementTimeoutMs: opts.statementTimeoutMs ?? 15_000,
      maxLagMs: opts.replicaMaxLagMs ?? 1_000, checkMs: opts.replicaCheckMs ?? 500,
      waitMs: opts.replicaWaitMs ?? 20, sessionOptions,
    })
    : undefined;
  await replicas?.start();
  const db = replicas ? fencedTransactions(primary, replicas) : primary;
  const listeners = new Set<Listener>();
  return {
    kind: 'postgres',
    db,
    pool,
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
  };
}

/**
 * The primary's drizzle with `transaction` noting the commit's WAL position for the readers: every
 * write the domain makes is a transaction, and reads after it on this instance must see it.
 */
function fencedTransactions(db: Db, replicas: ReplicaSet): Db {
  const transaction: Db['transaction'] = async (work, config) => {
    const result = await db.transaction(work, config);
    await replicas.noteWrite();
    return result;
  };
  return new Proxy(db, { get: (target, prop, receiver) => (prop === 'transaction' ? transaction : Reflect.get(target, prop, receiver)) });
}

interface Listener { stop(): Promise<void> }

const RECONNECT_FIRST_MS = 200;
const RECONNECT_MAX_MS = 3_000;

async function connectListening(url: string, channel: string, onPayload: (payload: string) => void): Promise<pg.Client> {
  // keepAlive notices a server that vanished without closing the socket.
  const client = new pg.Client({ connectionString: url, application_name: 'staffing-matrix-listen', keepAlive: true, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  client.on('notification', (msg) => { if (msg.channel === channel) onPayload(msg.payload ?? ''); });
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
    timer = setTimeout(async () => {
      try {
        const next = await connectListening(url, channel, onPayload);
        if (stopped) return void next.end().catch(() => {});
        client = next;
        watch(next);
        onReset();
      } catch {
        if (!stopped) reconnect(attempt + 1);
      }
    }, Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** attempt));
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
