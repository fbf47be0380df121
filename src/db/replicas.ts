import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { isConnectionLost } from './errors.ts';
import type { Executor } from './executor.ts';
import { PreparingClient } from './prepared.ts';
import * as schema from './schema.ts';

/**
 * Read replicas (PostgreSQL streaming standbys) behind one "reader" per call.
 *
 * - A read goes to the least busy replica in rotation (ties round-robin) once its replayed WAL has
 *   reached the fence: the LSN of the newest write this instance committed or heard of (NOTIFY).
 *   A replica behind the fence is asked for its replay position every millisecond for up to
 *   `waitMs`; still behind, the read goes to the primary. So a read never sees less than a write
 *   that came before it on this instance, and the result cache never keeps an answer older than a
 *   change it was invalidated for (the change is fenced before the cache drops its entries).
 * - A replica that fails a read is taken out of rotation at once and the read runs again on the
 *   primary; one that lags more than `maxLagMs` leaves rotation until it has caught up. A probe
 *   every `checkMs` puts it back. None left: reads go to the primary.
 */

export type ReplicaState = 'up' | 'lagging' | 'down';

export interface ReplicaStatus {
  name: string;
  state: ReplicaState;
  /** How long the replica has been behind the primary's WAL position (0 when caught up); null before the first probe. */
  lag_ms: number | null;
  lag_bytes: number | null;
  reads: number;
  in_flight: number;
  last_error?: string;
}

export interface ReadStats {
  /** Reads answered by a replica / by the primary. */
  replica: number;
  primary: number;
  /** Of the primary's: no replica in rotation, the chosen one still behind the fence after waitMs, or a replica failed the read. */
  no_replica: number;
  behind_fence: number;
  retried: number;
  /** Of the replica's: reads that waited for the replica to replay the fence, and their mean wait. */
  waited: number;
  wait_ms_mean: number;
}

export interface ReplicaOptions {
  poolMax: number;
  connectionLifetimeS: number;
  statementTimeoutMs: number;
  /** Out of rotation beyond this lag. */
  maxLagMs: number;
  checkMs: number;
  /** How long a read waits for a replica behind the fence before it goes to the primary. */
  waitMs: number;
  sessionOptions: string;
}

interface Replica {
  name: string;
  pool: pg.Pool;
  db: Executor;
  state: ReplicaState;
  replay: bigint;
  lagMs: number | null;
  lagBytes: number | null;
  reads: number;
  inFlight: number;
  lastError?: string;
  probing?: Promise<boolean>;
}

/** '16/B374D848' -> 0x16B374D848 */
export function lsnValue(lsn: string | null | undefined): bigint {
  if (!lsn) return 0n;
  const [hi, lo] = lsn.split('/');
  return (BigInt(`0x${hi}`) << 32n) | BigInt(`0x${lo}`);
}

const nameOf = (url: string) => {
  const u = new URL(url);
  return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
};

export class ReplicaSet {
  private readonly replicas: Replica[];
  private next = 0;
  /** Newest write LSN this instance must see. */
  private fence = 0n;
  /** Writes heard of (NOTIFY) whose LSN is not known yet; `settled` of them are covered by `fence`. */
  private heard = 0;
  private settled = 0;
  private refreshing?: { upTo: number; done: Promise<void> };
  /** The primary's WAL position over the last minute: lag in time is the age of the oldest position a replica has not replayed. */
  private readonly positions: { at: number; lsn: bigint }[] = [];
  private timer?: NodeJS.Timeout;
  private closed = false;
  private readonly counts = { replica: 0, primary: 0, no_replica: 0, behind_fence: 0, retried: 0, waited: 0 };
  private waitedMs = 0;

  constructor(
    urls: string[],
    private readonly primary: { pool: pg.Pool; db: Executor },
    private readonly opts: ReplicaOptions,
  ) {
    this.replicas = urls.map((url) => {
      const pool = new pg.Pool({
        Client: PreparingClient,
        connectionString: url,
        max: opts.poolMax,
        maxLifetimeSeconds: opts.connectionLifetimeS,
        // A replica that does not answer is skipped quickly: the primary is there.
        connectionTimeoutMillis: 1_000,
        statement_timeout: opts.statementTimeoutMs,
        query_timeout: opts.statementTimeoutMs + 5_000,
        application_name: 'staffing-matrix-read',
        options: opts.sessionOptions,
      });
      pool.on('error', () => {});
      return {
        name: nameOf(url),
        pool,
        db: drizzlePg(pool, { schema }) as unknown as Executor,
        state: 'down' as ReplicaState,
        replay: 0n,
        lagMs: null,
        lagBytes: null,
        reads: 0,
        inFlight: 0,
      };
    });
  }

  /** First probe of every replica (so reads use them from the start), then one every `checkMs`. */
  async start(): Promise<void> {
    await this.check();
    const tick = () => {
      this.timer = setTimeout(() => {
        void this.check().finally(() => {
          if (!this.closed) tick();
        });
      }, this.opts.checkMs);
      this.timer.unref();
    };
    tick();
  }

  /** After a write transaction committed here: reads must see at least the primary's WAL position now. */
  async noteWrite(): Promise<void> {
    try {
      this.fence = maxOf(this.fence, lsnValue((await this.primaryLsn())[0]));
    } catch {
      // Unknown: the next read asks the primary for its position first.
      this.heard++;
    }
  }

  /** A write committed elsewhere (its NOTIFY arrived, or the listener reconnected): its LSN is asked at the next read. */
  noteRemoteWrite(): void {
    this.heard++;
  }

  async read<T>(fn: (db: Executor) => Promise<T>): Promise<T> {
    const replica = await this.choose();
    if (!replica) {
      this.counts.primary++;
      return fn(this.primary.db);
    }
    replica.inFlight++;
    try {
      const result = await fn(replica.db);
      replica.reads++;
      this.counts.replica++;
      return result;
    } catch (err) {
      if (isConnectionLost(err)) this.markDown(replica, err);
      // Whatever went wrong on the replica, the primary answers (a bad statement fails there too).
      this.counts.retried++;
      this.counts.primary++;
      return fn(this.primary.db);
    } finally {
      replica.inFlight--;
    }
  }

  status(): { replicas: ReplicaStatus[]; reads: ReadStats; max_lag_ms: number } {
    return {
      replicas: this.replicas.map((r) => ({
        name: r.name,
        state: r.state,
        lag_ms: r.lagMs,
        lag_bytes: r.lagBytes,
        reads: r.reads,
        in_flight: r.inFlight,
        ...(r.lastError ? { last_error: r.lastError } : {}),
      })),
      reads: { ...this.counts, wait_ms_mean: this.counts.waited ? Math.round((100 * this.waitedMs) / this.counts.waited) / 100 : 0 },
      max_lag_ms: this.opts.maxLagMs,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await Promise.all(this.replicas.map((r) => r.pool.end().catch(() => {})));
  }

  private async choose(): Promise<Replica | undefined> {
    const live = this.replicas.filter((r) => r.state === 'up');
    if (!live.length) {
      this.counts.no_replica++;
      return undefined;
    }
    // Least busy, ties in turn.
    const start = this.next++ % live.length;
    let best = live[start];
    for (let i = 1; i < live.length; i++) {
      const r = live[(start + i) % live.length];
      if (r.inFlight < best.inFlight) best = r;
    }
    try {
      await this.settleFence();
    } catch {
      this.counts.no_replica++;
      return undefined;
    }
    const fence = this.fence;
    if (best.replay >= fence) return best;
    const started = performance.now();
    for (;;) {
      await this.probe(best);
      if (best.state !== 'up') {
        this.counts.no_replica++;
        return undefined;
      }
      if (best.replay >= fence) {
        this.counts.waited++;
        this.waitedMs += performance.now() - started;
        return best;
      }
      if (performance.now() - started >= this.opts.waitMs) {
        this.counts.behind_fence++;
        return undefined;
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }

  /** Writes heard of and not yet placed: the primary's current position covers them (they committed before we heard). */
  private async settleFence(): Promise<void> {
    while (this.settled < this.heard) {
      const upTo = this.heard;
      if (!this.refreshing || this.refreshing.upTo < upTo) {
        const done = this.primaryLsn()
          .then(([lsn]) => {
            this.fence = maxOf(this.fence, lsnValue(lsn));
            this.settled = Math.max(this.settled, upTo);
          })
          .finally(() => {
            if (this.refreshing?.done === done) this.refreshing = undefined;
          });
        this.refreshing = { upTo, done };
      }
      await this.refreshing.done;
    }
  }

  /**
   * The primary's flushed WAL position: a commit returns only once its WAL is flushed
   * (synchronous_commit on, the default, never changed by the service), so this covers every
   * committed write, and it is what a standby can have received. The insert position also counts
   * records of transactions still open, which the walwriter may flush only 200 ms later: as a fence
   * it made reads wait for those (mean wait 50 ms under load).
   */
  private async primaryLsn(): Promise<string[]> {
    const { rows } = await this.primary.pool.query<{ lsn: string }>('SELECT pg_current_wal_flush_lsn()::text AS lsn');
    return [rows[0].lsn];
  }

  private markDown(r: Replica, err: unknown): void {
    r.state = 'down';
    r.lastError = (err as Error)?.message ?? String(err);
  }

  /** One replica's replay position (one probe in flight per replica); false, and out of rotation, when it fails. */
  private probe(r: Replica): Promise<boolean> {
    r.probing ??= (async () => {
      try {
        const { rows } = await r.pool.query<{ standby: boolean; replay: string | null }>(
          'SELECT pg_is_in_recovery() AS standby, pg_last_wal_replay_lsn()::text AS replay',
        );
        if (!rows[0].standby) throw new Error('not a standby (promoted?): left out of rotation');
        r.replay = lsnValue(rows[0].replay);
        return true;
      } catch (err) {
        this.markDown(r, err);
        return false;
      } finally {
        r.probing = undefined;
      }
    })();
    return r.probing;
  }

  private async check(): Promise<void> {
    const now = Date.now();
    let primaryAt: bigint | undefined;
    try {
      primaryAt = lsnValue((await this.primaryLsn())[0]);
      const last = this.positions.at(-1);
      if (!last || last.lsn !== primaryAt) this.positions.push({ at: now, lsn: primaryAt });
      while (this.positions.length > 1 && this.positions[0].at < now - 60_000) this.positions.shift();
    } catch {
      // The primary is away: replicas keep the lag they had.
    }
    await Promise.all(
      this.replicas.map(async (r) => {
        if (!(await this.probe(r))) return;
        if (primaryAt !== undefined) {
          r.lagBytes = Number(primaryAt > r.replay ? primaryAt - r.replay : 0n);
          const oldest = this.positions.find((p) => p.lsn > r.replay);
          r.lagMs = oldest ? now - oldest.at : 0;
        }
        r.state = r.lagMs !== null && r.lagMs > this.opts.maxLagMs ? 'lagging' : 'up';
        if (r.state === 'up') r.lastError = undefined;
      }),
    );
  }
}

const maxOf = (a: bigint, b: bigint) => (a > b ? a : b);
