/**
 * Worker corpus files, one format per extension, each behind the same
 * WorkerFileFormat interface (src/workers/formats/). Rows are read back as raw
 * JSON-shaped objects keyed by Worker field names; validating them against
 * WorkerInput is the caller's job, so a bad row is reported, not fatal.
 */
import { extname } from 'node:path';
import { csvFormat } from './formats/csv.ts';
import { jsonlFormat } from './formats/jsonl.ts';
import { parquetFormat } from './formats/parquet.ts';
import type { RawWorkerRecord, WorkerFileFormat } from './formats/records.ts';
import type { Worker } from './worker.ts';

export { type RawWorkerRecord, WORKER_FIELDS } from './formats/records.ts';

const FORMATS: Record<string, WorkerFileFormat> = { '.parquet': parquetFormat, '.jsonl': jsonlFormat, '.csv': csvFormat };
export const WORKER_FILE_EXTENSIONS = Object.keys(FORMATS);
const PROGRESS_EVERY = 1000;

export function workerFileFormat(path: string): WorkerFileFormat {
  const format = FORMATS[extname(path).toLowerCase()];
  if (!format) throw new Error(`unsupported worker file "${path}": use one of ${WORKER_FILE_EXTENSIONS.join(', ')}`);
  return format;
}

/** Writes the workers to `path` in the format its extension names; resolves to the row count. */
export async function writeWorkersFile(path: string, workers: Iterable<Worker>, onProgress?: (n: number) => void): Promise<number> {
  const format = workerFileFormat(path);
  const counter = { rows: 0 };
  await format.write(path, countedRows(workers, counter, onProgress));
  if (counter.rows % PROGRESS_EVERY !== 0 || counter.rows === 0) onProgress?.(counter.rows);
  return counter.rows;
}

export async function* readWorkersFile(path: string): AsyncGenerator<RawWorkerRecord> {
  yield* workerFileFormat(path).read(path);
}

/** How many records readWorkersFile will yield (good and bad), for progress and ETA; cheap for Parquet. */
export async function countWorkerRecords(path: string): Promise<number> {
  return workerFileFormat(path).count(path);
}

function* countedRows(workers: Iterable<Worker>, counter: { rows: number }, onProgress?: (n: number) => void) {
  for (const worker of workers) {
    yield worker;
    counter.rows++;
    if (onProgress && counter.rows % PROGRESS_EVERY === 0) onProgress(counter.rows);
  }
}
