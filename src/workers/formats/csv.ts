/**
 * CSV: RFC 4180, header row of field names, CRLF; list fields (skills,
 * certifications, availability) are joined with `|`, so their items may not
 * contain a pipe.
 */
import { createReadStream } from 'node:fs';
import { stringify } from 'csv-stringify/sync';
import type { Worker } from '../worker.ts';
import { rawWorker, type RawWorkerRecord, WORKER_FIELDS, type WorkerFileFormat, withoutBom, writeTextFile } from './records.ts';

export const csvFormat: WorkerFileFormat = {
  read: readCsv,
  async count(path) {
    let n = 0;
    for await (const _ of csvRecords(path)) n++;
    return Math.max(0, n - 1);
  },
  write: (path, workers) =>
    writeTextFile(path, workers, (rows, first) =>
      // csv-stringify quotes a field holding the whole record delimiter but not a lone CR or LF, which
      // a reader would take for a record end: quote those too.
      stringify(rows.map(csvRow), { record_delimiter: '\r\n', quoted_match: /[\r\n]/, header: first, columns: WORKER_FIELDS }),
    ),
};

function csvRow(worker: Worker): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const field of WORKER_FIELDS) {
    const value = worker[field];
    if (Array.isArray(value)) {
      const clash = value.find((item) => item.includes('|'));
      if (clash !== undefined)
        throw new Error(`worker ${worker.id}: ${field} item "${clash}" contains "|", which CSV uses as the list separator`);
      row[field] = value.join('|');
    } else {
      row[field] = value;
    }
  }
  return row;
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

async function* csvRecords(path: string): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser();
  let first = true;
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    yield* parser.feed(first ? withoutBom(chunk as string) : (chunk as string));
    first = false;
  }
  yield* parser.end();
}

interface CsvRecord {
  line: number;
  fields: string[];
  error?: string;
}

const PLAIN_RUN = /[^,"\r\n]+/y;

/**
 * An incremental RFC 4180 parser: chunks in, complete records (with their starting line) out.
 *
 * Kept by hand for one measured reason: a bad record must be reported by its line and the rest of
 * the file read. csv-parse 6 with `skip_records_with_error` resynchronises badly after an invalid
 * closing quote: on `w-3,"Cy"x,4` followed by two good records it skipped the next good record as
 * well and reported later errors two and three lines off (docs/decisions.md). Writing uses
 * csv-stringify.
 */
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
