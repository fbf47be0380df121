/**
 * Parquet: strings, int32, doubles and 3-level LIST<string> columns; pipe-joined
 * strings in list columns are also accepted on read.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { ByteWriter, parquetWriteRows, type SchemaElement } from 'hyparquet-writer';
import type { Worker } from '../worker.ts';
import { rawWorker, WORKER_FIELDS, type WorkerFileFormat } from './records.ts';

const PARQUET_ROW_GROUP = 10_000;

export const parquetFormat: WorkerFileFormat = {
  async *read(path) {
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
  },
  // Cheap: the row count is in the footer.
  count: async (path) => Number((await parquetMetadataAsync(await asyncBufferFromFile(path))).num_rows),
  write: writeParquet,
};

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

const text = (name: string, required = true): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  repetition_type: required ? 'REQUIRED' : 'OPTIONAL',
});

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
