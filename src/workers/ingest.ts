import { type BulkSession, openBulkSession } from '../db/bulk.ts';
import { type ChangeFeed } from '../db/notify.ts';
import type { Database } from '../db/open.ts';
import type { Embedder } from '../embed/embedder.ts';
import { copyRows, STAGING_COLUMNS } from './copy.ts';
import type { RawWorkerRecord } from './files.ts';
import {
  analyzeWorkers,
  countAllWorkers,
  createIndex,
  dropIndex,
  dropStaging,
  HNSW_INDEX,
  mergeStagedWorkers,
  prepareStaging,
  secondaryIndexes,
  STAGING_TABLE,
} from './ingestRepository.ts';
import { embedWorkers } from './service.ts';
import { type Worker, WorkerInput } from './worker.ts';

export interface BadRow {
  line: number;
  problems: string[];
}
export interface IngestProgress {
  phase: 'load' | 'merge' | 'index';
  rows: number;
  bad: number;
  total?: number;
  elapsedMs: number;
}
export interface IngestSummary {
  rows: number;
  bad: BadRow[];
  seconds: number;
  rowsPerSec: number;
  loadSeconds: number;
  mergeSeconds: number;
  indexSeconds: number;
  indexRebuilt: boolean;
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

// Below this share of the table, maintaining the HNSW index row by row beats rebuilding it.
const REBUILD_MIN_ROWS = 5_000;

function problemsOf(record: RawWorkerRecord): string[] | Worker {
  if (record.error) return [record.error];
  const parsed = WorkerInput.safeParse(record.raw);
  if (parsed.success) return parsed.data;
  return parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`);
}

/**
 * Bulk load: validate each record (bad ones reported by line), embed in batches,
 * COPY into a staging table, then in one transaction merge into workers
 * (last occurrence of an id wins) with the HNSW index dropped and rebuilt after
 * the load when the load is large. Readers see the old corpus until it commits.
 */
export async function ingestWorkers(
  deps: { database: Database; embedder: Embedder; changes?: ChangeFeed },
  source: AsyncIterable<RawWorkerRecord> | Iterable<RawWorkerRecord>,
  opts: IngestOptions,
): Promise<IngestSummary> {
  const started = Date.now();
  const elapsed = () => Date.now() - started;
  const batchSize = opts.batchSize ?? 1000;
  const bad: BadRow[] = [];
  let rows = 0;
  const session = await openBulkSession(deps.database, STAGING_TABLE, STAGING_COLUMNS, prepareStaging);
  try {
    let batch: { seq: number; worker: Worker }[] = [];
    const flush = async () => {
      if (!batch.length) return;
      const embedded = await embedWorkers(
        deps.embedder,
        batch.map((b) => b.worker),
      );
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
    const { mergeSeconds, indexSeconds, indexRebuilt } = await mergeStaged(deps, session, rows, rebuildMin, (phase) =>
      opts.onProgress?.({ phase, rows, bad: bad.length, total: opts.total, elapsedMs: elapsed() }),
    );
    await dropStaging(session.db);
    const seconds = elapsed() / 1000;
    return { rows, bad, seconds, rowsPerSec: rows / Math.max(seconds, 1e-3), loadSeconds, mergeSeconds, indexSeconds, indexRebuilt };
  } finally {
    session.release();
  }
}

async function mergeStaged(
  deps: { changes?: ChangeFeed },
  session: BulkSession,
  staged: number,
  rebuildMin: number,
  onPhase: (phase: 'merge' | 'index') => void,
) {
  const rebuild = staged >= rebuildMin && staged >= (await countAllWorkers(session.db)) / 2;
  let mergeSeconds = 0;
  let indexSeconds = 0;
  await session.db.transaction(async (tx) => {
    // Bulk merge and index build outlast the pool's per-statement guard by design.
    await session.forMaintenance(tx);
    // Secondary indexes as the migrations defined them: a large load drops them and builds each once.
    const indexes = rebuild ? await secondaryIndexes(tx) : [];
    for (const index of indexes) await dropIndex(tx, index);
    onPhase('merge');
    let t = Date.now();
    await mergeStagedWorkers(tx);
    for (const index of indexes.filter((i) => i.name !== HNSW_INDEX)) await createIndex(tx, index);
    mergeSeconds = (Date.now() - t) / 1000;
    const hnsw = indexes.find((i) => i.name === HNSW_INDEX);
    if (hnsw) {
      onPhase('index');
      t = Date.now();
      await createIndex(tx, hnsw);
      indexSeconds = (Date.now() - t) / 1000;
    }
    await deps.changes?.announce(tx, { kind: 'workers', places: 'all' });
  });
  deps.changes?.applyLocally({ kind: 'workers', places: 'all' });
  await analyzeWorkers(session.db);
  return { mergeSeconds, indexSeconds, indexRebuilt: rebuild };
}
