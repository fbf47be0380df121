/** JSONL: one worker object per line; blank lines are skipped, a malformed line is reported by number. */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Worker } from '../worker.ts';
import { type RawWorkerRecord, WORKER_FIELDS, type WorkerFileFormat, withoutBom, writeTextFile } from './records.ts';

export const jsonlFormat: WorkerFileFormat = {
  async *read(path) {
    for await (const { line, text } of jsonlLines(path)) {
      try {
        yield { line, raw: JSON.parse(text) } satisfies RawWorkerRecord;
      } catch (err) {
        yield { line, raw: undefined, error: `invalid JSON: ${(err as Error).message}` };
      }
    }
  },
  async count(path) {
    let n = 0;
    for await (const _ of jsonlLines(path)) n++;
    return n;
  },
  write: (path, workers) => writeTextFile(path, workers, (rows) => rows.map(jsonLine).join('')),
};

/** Field order is fixed by WORKER_FIELDS so equal workers give equal bytes. */
function jsonLine(worker: Worker): string {
  const ordered: Record<string, unknown> = {};
  for (const field of WORKER_FIELDS) ordered[field] = worker[field];
  return JSON.stringify(ordered) + '\n';
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
