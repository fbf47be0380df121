import type { PGlite } from '@electric-sql/pglite';
import type { SQL } from 'drizzle-orm';
import type pg from 'pg';
import type { ReadStats, ReplicaStatus } from './replicas.ts';
import type { Executor } from './executor.ts';
import { composed } from './compose.ts';

/**
 * Session defaults: ef_search 400 keeps recall@10 at or above
 * 0.97 in every selectivity band on 100k workers, on each of the index builds
 * measured; at 200 unfiltered recall was 0.94-0.97 depending on the build, at 100
 * 0.90-0.94 (bench/recall.ts --sweep). relaxed_order iterative scans (pgvector >= 0.8)
 * let a filtered HNSW scan keep walking until LIMIT rows pass the filter. JIT off: the
 * service's statements run in 0.1-20 ms, and compiling one whose estimated cost passed
 * jit_above_cost took up to 90 ms. Generic plans for named statements (db/prepared.ts): planning the
 * search's ranking statement cost PostgreSQL more CPU than running it.
 */
export const SESSION_SETTINGS = {
  'hnsw.ef_search': '400',
  'hnsw.iterative_scan': 'relaxed_order',
  jit: 'off',
  plan_cache_mode: 'force_generic_plan',
};

export type { Executor } from './executor.ts';

export interface PoolFigures {
  total: number;
  idle: number;
  waiting: number;
}

/**
 * An open database, whichever backend runs it. Code outside src/db/ uses only this: it asks what
 * the backend can do (`embedded`, `poolFigures`) and never which one it is; the driver objects
 * stay inside src/db/ (`backendOf`).
 */
export interface Database {
  /** The backend's name, for display (admin stats, log lines). */
  readonly kind: 'pglite' | 'postgres';
  /**
   * The database runs inside this process (PGlite): one connection, its work blocks the event
   * loop, and no other process can open it while this one holds it.
   */
  readonly embedded: boolean;
  /** The primary: writes, transactions and reads that must see this instance's last write. */
  readonly db: Executor;
  /** Connections open, idle, and queries queued for one (metrics and load shedding). */
  poolFigures(): PoolFigures;
  /**
   * Runs a read on the reader chosen for this call: a streaming replica in rotation that has
   * replayed this instance's latest known write, else the primary (always the primary on PGlite
   * or without DATABASE_REPLICA_URLS). A replica that fails the read hands it to the primary, so
   * `fn` may run twice and must only read. Writes and transactions use `db` (the primary).
   */
  read<T>(fn: (db: Executor) => Promise<T>): Promise<T>;
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
  /**
   * Seconds before a pooled connection is replaced (default 60; 0 = never). A connection keeps the
   * plans of its named statements and of the foreign-key checks PostgreSQL runs for it; a plan made
   * while a table was nearly empty (a new database's fills, playbooks) scans the whole table for as
   * long as the connection lives, unless an ANALYZE of the table replaces it.
   */
  connectionLifetimeS?: number;
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

/** The driver behind a Database: for the modules of src/db/ only (migrations, bulk COPY, the socket server). */
export type Backend = { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; pool: pg.Pool; url: string };

const backends = new WeakMap<Database, Backend>();

/** Records the driver of a Database being opened; returns the Database. */
export function withBackend<D extends Database>(database: D, backend: Backend): D {
  backends.set(database, backend);
  return database;
}

export function backendOf(database: Database): Backend {
  const backend = backends.get(database);
  if (!backend) throw new Error('not a Database opened by openDatabase()');
  return backend;
}

/** Rows of a raw statement, whichever backend ran it (both results carry `.rows`). */
export async function rowsOf<T>(db: Pick<Executor, 'execute'>, query: SQL): Promise<T[]> {
  const result = (await db.execute(composed(query))) as unknown as { rows: T[] };
  return result.rows;
}

export { errorChain, isConnectionLost, sqlStateOf } from './errors.ts';
