import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type ChangeFeed } from '../db/notify.ts';
import { type Database, type Executor, rowsOf } from '../db/open.ts';
import * as schema from '../db/schema.ts';
import { EMBEDDING_DIM } from '../db/schema.ts';
import type { Embedder } from '../embed/embedder.ts';
import { COPY_HEADER, COPY_TRAILER, copyRows, STAGING_COLUMNS } from './copy.ts';
import { embedWorkers } from './service.ts';
import { type Worker, WorkerInput } from './worker.ts';

export interface SourceRecord { line: number; raw: unknown; error?: string }
export interface BadRow { line: number; problems: string[] }
export interface IngestProgress { phase: 'load' | 'merge' | 'index'; rows: number; bad: number; total?: number; elapsedMs: number }
export interface IngestSummary {
  rows: number; bad: BadRow[]; seconds: number; rowsPerSec: number;
  loadSeconds: number; mergeSeconds: number; indexSeconds: number; indexRebuilt: boolean;
}
export interface IngestOptions {
  onBadRow: 'skip' | 'abort';
  batchSize?: number;
  total?: number;
  onProgress?: (p: IngestProgress) => void;
  onBadRowFound?: (bad: BadRow) => void;
  /** Rebuild the HNSW index after the load when at least this many rows (and half the table) are loaded. */
  rebuildIndexMinRows?: number;
}

export class IngestAborted extends Error {
  constructor(readonly bad: BadRow) {
    super(`line ${bad.line}: ${bad.problems.join('; ')} (load aborted; nothing was written — use --on-bad-row skip to skip bad rows)`);
    this.name = 'IngestAborted';
  }
}

const HNSW_INDEX = 'workers_embedding_hnsw';
// Below this share of the table, maintaining the HNSW index row by row beats rebuilding it.
const REBUILD_MIN_ROWS = 5_000;

const STAGING_DDL = sql.raw(`CREATE TEMP TABLE IF NOT EXISTS workers_load (
  seq int, id text, name text, email text, phone text, city text, state text, role text,
  skills text[], certifications text[], years_experience int, hourly_rate float8, rating float8,
  reliability float8, availability text[], status text, summary text, profile text, lat float8, lon float8, embedding vector(${EMBEDDING_DIM}))`);

const WORKER_COLUMNS = STAGING_COLUMNS.filter((c) => c !== 'seq');
const MERGE = sql.raw(`INSERT INTO workers (${WORKER_COLUMNS.join(', ')})
  SELECT DISTINCT ON (id) ${WORKER_COLUMNS.join(', ')} FROM workers_load ORDER BY id, seq DESC
  ON CONFLICT (id) DO UPDATE SET ${WORKER_COLUMNS.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`).join(', ')}, updated_at = now()`);

function problemsOf(record: SourceRecord): string[] | Worker {
  if (record.error) return [record.error];
  const parsed = WorkerInput.safeParse(record.raw);
  if (parsed.success) return parsed.data;
  return parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`);
}

interface Session { db: Executor; copy(buf: Buffer): Promise<void>; finishCopy(): Promise<void>; release(): void }

/** A session that owns the staging table: a dedicated pool client on PostgreSQL, the only connection on PGlite. */
async function openSession(database: Database): Promise<Session> {
  if (database.kind === 'pglite') {
    const pglite = database.pglite!;
    return {
      db: database.db,
      copy: async (buf) => {
        await pglite.query(`COPY workers_load (${STAGING_COLUMNS.join(', ')}) FROM '/dev/blob' (FORMAT binary)`, [],
          { blob: new Blob([Buffer.concat([COPY_HEADER, buf, COPY_TRAILER])]) });
      },
      finishCopy: async () => {},
      release: () => {},
    };
  }
  // Its own connection, outside the pool: the pool's client-side query timeout would cut the bulk merge.
  const client = new pg.Client({ connectionString: database.pool!.options.connectionString, application_name: 'staffing-matrix-ingest' });
  await client.connect();
  const db = drizzle(client, { schema }) as unknown as Executor;
  await db.execute(STAGING_DDL);
  await db.execute(sql`TRUNCATE workers_load`);
  const stream = client.query(copyFrom(`COPY workers_load (${STAGING_COLUMNS.join(', ')}) FROM STDIN (FORMAT binary)`));
  const done = new Promise<void>((resolve, reject) => { stream.on('finish', resolve); stream.on('error', reject); });
  // An aborted load ends the connection under the stream; that error is the abort's echo, not news.
  done.catch(() => {});
  stream.write(COPY_HEADER);
  return {
    db,
    copy: async (buf) => {
      if (!stream.write(buf)) await new Promise<void>((resolve, reject) => { stream.once('drain', resolve); stream.once('error', reject); });
    },
    finishCopy: async () => { stream.end(COPY_TRAILER); await done; },
    release: () => { client.end().catch(() => {}); },
  };
}

/**
 * Bulk load: validate each record (bad ones reported by line), embed in batches,
 * COPY into a staging table, then in one transaction merge into workers
 * (last occurrence of an id wins) with the HNSW index dropped and rebuilt after
 * the load when the load is large. Readers see the old corpus until it commits.
 */
export async function ingestWorkers(
  deps: { database: Database; embedder: Embedder; changes?: ChangeFeed },
  source: AsyncIterable<SourceRecord> | Iterable<SourceRecord>,
  opts: IngestOptions,
): Promise<IngestSummary> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const batchSize = opts.batchSize ?? 1000;
  const bad: BadRow[] = [];
  let rows = 0;
  const session = await openSession(deps.database);
  try {
    if (deps.database.kind === 'pglite') { await session.db.execute(STAGING_DDL); await session.db.execute(sql`TRUNCATE workers_load`); }
    let batch: { seq: number; worker: Worker }[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const embedded = await embedWorkers(deps.embedder, batch.map((b) => b.worker));
      await session.copy(copyRows(batch.map((b, i) => ({ seq: b.seq, worker: embedded[i] }))));
      rows += batch.length;
      batch = [];
      opts.onProgress?.({ phase: 'load', rows, bad: bad.length, total: opts.total, elapsedMs: elapsed() });
    };
    for await (const record of source) {
      const result = problemsOf(record);
      if (Array.isArray(result)) {
        const row = { line: record.line, problems: result };
        if (opts.onBadRow === 'abort') throw new IngestAborted(row);
        bad.push(row);
        opts.onBadRowFound?.(row);
        continue;
      }
      batch.push({ seq: record.line, worker: result });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    await session.finishCopy();
    const loadSeconds = elapsed() / 1000;

    const rebuildMin = opts.rebuildIndexMinRows ?? REBUILD_MIN_ROWS;
    const { mergeSeconds, indexSeconds, indexRebuilt } = await mergeStaged(deps, session.db, rows, rebuildMin, (phase) =>
      opts.onProgress?.({ phase, rows, bad: bad.length, total: opts.total, elapsedMs: elapsed() }));
    await session.db.execute(sql`DROP TABLE IF EXISTS workers_load`);
    const seconds = elapsed() / 1000;
    return { rows, bad, seconds, rowsPerSec: rows / Math.max(seconds, 1e-3), loadSeconds, mergeSeconds, indexSeconds, indexRebuilt };
  } finally {
    session.release();
  }
}

async function mergeStaged(
  deps: { database: Database; changes?: ChangeFeed }, db: Executor, staged: number, rebuildMin: number,
  onPhase: (phase: 'merge' | 'index') => void,
) {
  const [{ existing }] = await rowsOf<{ existing: number }>(db, sql`SELECT count(*)::int AS existing FROM workers`);
  const rebuild = staged >= rebuildMin && staged >= existing / 2;
  let mergeSeconds = 0;
  let indexSeconds = 0;
  await db.transaction(async (tx) => {
    // Bulk merge and index build outlast the pool's per-statement guard by design.
    if (deps.database.kind === 'postgres') await tx.execute(sql`SET LOCAL statement_timeout = 0`);
    // Secondary indexes as the migrations defined them: a large load drops them and builds each once.
    const indexes = rebuild ? await rowsOf<{ name: string; def: string }>(tx, sql`SELECT indexrelid::regclass::text AS name,
      pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = 'workers'::regclass AND NOT indisprimary`) : [];
    for (const { name } of indexes) await tx.execute(sql.raw(`DROP INDEX "${name}"`));
    onPhase('merge');
    let t = Date.now();
    await tx.execute(MERGE);
    if (rebuild) {
      // The HNSW graph must fit in maintenance_work_mem or its build slows down by an order of magnitude.
      await tx.execute(sql.raw(`SET LOCAL maintenance_work_mem = '${deps.database.kind === 'pglite' ? '512MB' : '2GB'}'`));
      if (deps.database.kind === 'postgres') await tx.execute(sql`SET LOCAL max_parallel_maintenance_workers = 2`);
      for (const { def } of indexes.filter((i) => i.name !== HNSW_INDEX)) await tx.execute(sql.raw(def));
    }
    mergeSeconds = (Date.now() - t) / 1000;
    const hnsw = indexes.find((i) => i.name === HNSW_INDEX);
    if (hnsw) {
      onPhase('index');
      t = Date.now();
      await tx.execute(sql.raw(hnsw.def));
      indexSeconds = (Date.now() - t) / 1000;
    }
    await deps.changes?.announce(tx, { kind: 'workers', places: 'all' });
  });
  deps.changes?.applyLocally({ kind: 'workers', places: 'all' });
  // Fresh statistics let the planner see the HNSW index; PGlite has no autovacuum to gather them.
  await db.execute(sql`ANALYZE workers`);
  return { mergeSeconds, indexSeconds, indexRebuilt: rebuild };
}
