/**
 * What every worker file format shares: the field order, the raw record a
 * reader yields, and turning a row of cells into the JSON shape WorkerInput
 * validates. Validation itself is the caller's job, so a bad row is reported,
 * not fatal.
 */
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { WorkerInput, type Worker } from '../worker.ts';

export const WORKER_FIELDS = Object.keys(WorkerInput.shape) as (keyof Worker)[];

export interface RawWorkerRecord {
  /** JSONL/CSV: the file line where the record starts (CSV header is line 1); Parquet: row index + 1. */
  line: number;
  raw: unknown;
  error?: string;
}

/** One file format: the three operations the ingest and seed commands need. */
export interface WorkerFileFormat {
  read(path: string): AsyncGenerator<RawWorkerRecord>;
  /** How many records `read` will yield (good and bad), for progress and ETA. */
  count(path: string): Promise<number>;
  write(path: string, workers: Iterable<Worker>): Promise<void>;
}

export const LIST_FIELDS = new Set<string>(['skills', 'certifications', 'availability']);
const NUMBER_FIELDS = new Set<string>(['years_experience', 'hourly_rate', 'rating', 'reliability']);
const TEXT_CHUNK_ROWS = 500;

/** An object keyed by field name, with empty cells left out and values given the JSON types WorkerInput expects. */
export function rawWorker(fields: string[], values: unknown[]): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (let i = 0; i < fields.length; i++) {
    const value = jsonValue(fields[i], values[i]);
    if (value !== undefined) raw[fields[i]] = value;
  }
  return raw;
}

function jsonValue(field: string, value: unknown): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value === 'bigint') value = Number(value);
  if (typeof value === 'number') return NUMBER_FIELDS.has(field) ? value : String(value);
  if (typeof value !== 'string') return value;
  if (LIST_FIELDS.has(field)) return value.split('|').filter((item) => item.trim() !== '');
  if (NUMBER_FIELDS.has(field)) {
    const n = Number(value);
    // Non-numeric text stays text so the schema can say what is wrong with it.
    return value.trim() !== '' && Number.isFinite(n) ? n : value;
  }
  return value;
}

export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Writes a text format `TEXT_CHUNK_ROWS` rows at a time, so the whole file never sits in memory. */
export async function writeTextFile(
  path: string,
  workers: Iterable<Worker>,
  chunk: (rows: Worker[], first: boolean) => string,
): Promise<void> {
  function* chunks(): Generator<string> {
    let rows: Worker[] = [];
    let first = true;
    for (const worker of workers) {
      rows.push(worker);
      if (rows.length === TEXT_CHUNK_ROWS) {
        yield chunk(rows, first);
        rows = [];
        first = false;
      }
    }
    if (rows.length > 0 || first) yield chunk(rows, first);
  }
  await pipeline(Readable.from(chunks()), createWriteStream(path));
}
