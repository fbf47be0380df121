/**
 * Worker corpus files, one format per extension. Rows are read back as raw
 * JSON-shaped objects keyed by Worker field names; validating them against
 * WorkerInput is the caller's job, so a bad row is reported, not fatal.
 *
 * CSV: RFC 4180, header row of field names, CRLF; list fields (skills,
 * certifications, availability) are joined with `|`, so their items may not
 * contain a pipe. Parquet: strings, int32, doubles and 3-level LIST<string>
 * columns; pipe-joined strings in list columns are also accepted on read.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { ByteWriter, parquetWriteRows, type SchemaElement } from 'hyparquet-writer';
import { WorkerInput, type Worker } from './worker.ts';

export const WORKER_FIELDS = Object.keys(WorkerInput.shape) as (keyof Worker)[];
export const WORKER_FILE_EXTENSIONS = ['.parquet', '.jsonl', '.csv'] as const;

export interface RawWorkerRecord {
  /** JSONL/CSV: the file line where the record starts (CSV header is line 1); Parquet: row index + 1. */
  line: number;
  raw: unknown;
  error?: string;
}

type Format = 'parquet' | 'jsonl' | 'csv';

const LIST_FIELDS = new Set<string>(['skills', 'certifications', 'availability']);
const NUMBER_FIELDS = new Set<string>(['years_experience', 'hourly_rate', 'rating', 'reliability']);
const PROGRESS_EVERY = 1000;
const TEXT_CHUNK_ROWS = 500;
const PARQUET_ROW_GROUP = 10_000;

export function workerFileFormat(path: string): Format {
  const ext = extname(path).toLowerCase();
  if (ext === '.parquet' || ext === '.jsonl' || ext === '.csv') return ext.slice(1) as Format;
  throw new Error(`unsupported worker file "${path}": use one of ${WORKER_FILE_EXTENSIONS.join(', ')}`);
}

/** Writes the workers to `path` in the format its extension names; resolves to the row count. */
export async function writeWorkersFile(
  path: string,
  workers: Iterable<Worker>,
  onProgress?: (n: number) => void,
): Promise<number> {
  const format = workerFileFormat(path);
  const counter = { rows: 0 };
  const rows = countedRows(workers, counter, onProgress);
  if (format === 'parquet') await writeParquet(path, rows);
  else await pipeline(Readable.from(textChunks(rows, format)), createWriteStream(path));
  if (counter.rows % PROGRESS_EVERY !== 0 || counter.rows === 0) onProgress?.(counter.rows);
  return counter.rows;
}

export async function* readWorkersFile(path: string): AsyncGenerator<RawWorkerRecord> {
  const format = workerFileFormat(path);
  if (format === 'jsonl') yield* readJsonl(path);
  else if (format === 'csv') yield* readCsv(path);
  else yield* readParquet(path);
}

/** How many records readWorkersFile will yield (good and bad), for progress and ETA; cheap for Parquet. */
export async function countWorkerRecords(path: string): Promise<number> {
  const format = workerFileFormat(path);
  if (format === 'parquet') return Number((await parquetMetadataAsync(await asyncBufferFromFile(path))).num_rows);
  const records = format === 'jsonl' ? jsonlLines(path) : csvRecords(path);
  let n = 0;
  for await (const _ of records) n++;
  return format === 'csv' ? Math.max(0, n - 1) : n;
}

function* countedRows(workers: Iterable<Worker>, counter: { rows: number }, onProgress?: (n: number) => void) {
  for (const worker of workers) {
    yield worker;
    counter.rows++;
    if (onProgress && counter.rows % PROGRESS_EVERY === 0) onProgress(counter.rows);
  }
}

function* textChunks(workers: Iterable<Worker>, format: 'jsonl' | 'csv'): Generator<string> {
  const line = format === 'jsonl' ? jsonLine : csvLine;
  let chunk = format === 'csv' ? WORKER_FIELDS.join(',') + '\r\n' : '';
  let pending = 0;
  for (const worker of workers) {
    chunk += line(worker);
    if (++pending === TEXT_CHUNK_ROWS) {
      yield chunk;
      chunk = '';
      pending = 0;
    }
  }
  if (chunk) yield chunk;
}

/** Field order is fixed by WORKER_FIELDS so equal workers give equal bytes. */
function jsonLine(worker: Worker): string {
  const ordered: Record<string, unknown> = {};
  for (const field of WORKER_FIELDS) ordered[field] = worker[field];
  return JSON.stringify(ordered) + '\n';
}

function csvLine(worker: Worker): string {
  return WORKER_FIELDS.map((field) => csvCell(worker, field)).join(',') + '\r\n';
}

function csvCell(worker: Worker, field: keyof Worker): string {
  const value = worker[field];
  if (value === null || value === undefined) return '';
  let text: string;
  if (Array.isArray(value)) {
    const clash = value.find((item) => item.includes('|'));
    if (clash !== undefined) throw new Error(`worker ${worker.id}: ${field} item "${clash}" contains "|", which CSV uses as the list separator`);
    text = value.join('|');
  } else {
    text = String(value);
  }
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Non-blank lines with their 1-based line numbers. */
async function* jsonlLines(path: string): AsyncGenerator<{ line: number; text: string }> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    const body = line === 1 ? withoutBom(text) : text;
    if (body.trim() !== '') yield { line, text: body };
  }
}

async function* readJsonl(path: string): AsyncGenerator<RawWorkerRecord> {
  for await (const { line, text } of jsonlLines(path)) {
    try {
      yield { line, raw: JSON.parse(text) };
    } catch (err) {
      yield { line, raw: undefined, error: `invalid JSON: ${(err as Error).message}` };
    }
  }
}

async function* csvRecords(path: string): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser();
  let first = true;
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    yield* parser.feed(first ? withoutBom(chunk as string) : (chunk as string));
    first = false;
  }
  yield* parser.end();
}

async function* readCsv(path: string): AsyncGenerator<RawWorkerRecord> {
  let header: string[] | undefined;
  for await (const record of csvRecords(path)) {
    if (!header) {
      if (record.error) throw new Error(`${path}: bad CSV header on line ${record.line}: ${record.error}`);
      header = record.fields.map((name) => name.trim());
    } else if (record.error) {
      yield { line: record.line, raw: undefined, error: record.error };
    } else if (record.fields.length !== header.length) {
      yield { line: record.line, raw: undefined, error: `expected ${header.length} fields, found ${record.fields.length}` };
    } else {
      yield { line: record.line, raw: rawWorker(header, record.fields) };
    }
  }
}

async function* readParquet(path: string): AsyncGenerator<RawWorkerRecord> {
  const file = await asyncBufferFromFile(path);
  const metadata = await parquetMetadataAsync(file);
  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    const rows = await parquetReadObjects({ file, metadata, rowStart, rowEnd });
    for (let i = 0; i < rows.length; i++) {
      yield { line: rowStart + i + 1, raw: rawWorker(Object.keys(rows[i]), Object.values(rows[i])) };
    }
    rowStart = rowEnd;
  }
}

/** An object keyed by field name, with empty cells left out and values given the JSON types WorkerInput expects. */
function rawWorker(fields: string[], values: unknown[]): Record<string, unknown> {
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

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

interface CsvRecord {
  line: number;
  fields: string[];
  error?: string;
}

const PLAIN_RUN = /[^,"\r\n]+/y;

/** An incremental RFC 4180 parser: chunks in, complete records (with their starting line) out. */
class CsvParser {
  private fields: string[] = [];
  private field = '';
  private state: 'fieldStart' | 'plain' | 'quoted' | 'quoteInQuoted' = 'fieldStart';
  private line = 1;
  private recordLine = 1;
  private skipLineFeed = false;
  private error: string | undefined;

  *feed(text: string): Generator<CsvRecord> {
    let i = 0;
    while (i < text.length) {
      if (this.skipLineFeed) {
        this.skipLineFeed = false;
        if (text[i] === '\n') {
          i++;
          continue;
        }
      }
      if (this.state === 'quoted') {
        i = this.quotedRun(text, i);
        continue;
      }
      const c = text[i];
      if (this.state === 'quoteInQuoted') {
        this.state = 'plain';
        if (c === '"') {
          this.field += '"';
          this.state = 'quoted';
          i++;
          continue;
        }
        if (c !== ',' && c !== '\r' && c !== '\n') this.error ??= `unexpected character after a closing quote on line ${this.line}`;
      }
      if (c === ',') {
        this.endField();
        i++;
      } else if (c === '\r' || c === '\n') {
        const record = this.endRecord();
        if (record) yield record;
        this.line++;
        this.recordLine = this.line;
        this.skipLineFeed = c === '\r';
        i++;
      } else if (c === '"' && this.state === 'fieldStart') {
        this.state = 'quoted';
        i++;
      } else {
        i = this.plainRun(text, i);
      }
    }
  }

  *end(): Generator<CsvRecord> {
    if (this.state === 'quoted') this.error ??= 'unterminated quoted field at end of file';
    const record = this.endRecord();
    if (record) yield record;
  }

  private quotedRun(text: string, i: number): number {
    const quote = text.indexOf('"', i);
    const piece = text.slice(i, quote === -1 ? text.length : quote);
    this.field += piece;
    for (let at = piece.indexOf('\n'); at !== -1; at = piece.indexOf('\n', at + 1)) this.line++;
    if (quote === -1) return text.length;
    this.state = 'quoteInQuoted';
    return quote + 1;
  }

  /** Text of an unquoted field; a stray quote inside one is kept as a literal character. */
  private plainRun(text: string, i: number): number {
    PLAIN_RUN.lastIndex = i;
    const run = PLAIN_RUN.exec(text);
    this.state = 'plain';
    if (!run) {
      this.field += text[i];
      return i + 1;
    }
    this.field += run[0];
    return PLAIN_RUN.lastIndex;
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.state = 'fieldStart';
  }

  /** The finished record, or undefined for a blank line. */
  private endRecord(): CsvRecord | undefined {
    const blank = this.fields.length === 0 && this.field === '' && this.state === 'fieldStart' && !this.error;
    this.endField();
    const record: CsvRecord = { line: this.recordLine, fields: this.fields, error: this.error };
    this.fields = [];
    this.error = undefined;
    if (blank) return undefined;
    if (!record.error) delete record.error;
    return record;
  }
}

/** Parquet output written a row group at a time, so the whole file never sits in memory. */
class ParquetFileSink extends ByteWriter {
  constructor(private readonly file: FileHandle) {
    super(1 << 20);
  }

  async flush(): Promise<void> {
    const bytes = this.getBytes();
    for (let written = 0; written < bytes.length; ) {
      written += (await this.file.write(bytes, written, bytes.length - written)).bytesWritten;
    }
    this.index = 0;
  }

  override async finish(): Promise<void> {
    await this.flush();
    await this.file.close();
  }
}

const text = (name: string, required = true): SchemaElement =>
  ({ name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: required ? 'REQUIRED' : 'OPTIONAL' });

const PARQUET_COLUMNS: Record<keyof Worker, SchemaElement[]> = {
  id: [text('id')],
  name: [text('name')],
  email: [text('email')],
  phone: [text('phone')],
  city: [text('city')],
  state: [text('state')],
  role: [text('role')],
  skills: stringList('skills'),
  certifications: stringList('certifications'),
  years_experience: [{ name: 'years_experience', type: 'INT32', repetition_type: 'OPTIONAL' }],
  hourly_rate: [{ name: 'hourly_rate', type: 'DOUBLE', repetition_type: 'OPTIONAL' }],
  rating: [{ name: 'rating', type: 'DOUBLE', repetition_type: 'OPTIONAL' }],
  reliability: [{ name: 'reliability', type: 'DOUBLE', repetition_type: 'OPTIONAL' }],
  availability: stringList('availability'),
  status: [text('status', false)],
  summary: [text('summary', false)],
};

/** The standard 3-level LIST layout, as Arrow and DuckDB write it. */
function stringList(name: string): SchemaElement[] {
  return [
    { name, repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
    { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
    { name: 'element', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'REQUIRED' },
  ];
}

async function writeParquet(path: string, workers: Iterable<Worker>): Promise<void> {
  const file = await open(path, 'w');
  const sink = new ParquetFileSink(file);
  try {
    await parquetWriteRows({
      writer: sink,
      rows: workers as Iterable<Record<string, unknown>>,
      columns: WORKER_FIELDS.map((name) => ({ name })),
      schema: [{ name: 'root', num_children: WORKER_FIELDS.length }, ...WORKER_FIELDS.flatMap((f) => PARQUET_COLUMNS[f])],
      rowGroupSize: PARQUET_ROW_GROUP,
      createdBy: 'staffing-matrix',
    });
  } catch (err) {
    await file.close().catch(() => undefined);
    throw err;
  }
}
