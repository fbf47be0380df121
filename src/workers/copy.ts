import { type EmbeddedWorker, STORED_COLUMNS } from './repository.ts';

/**
 * PostgreSQL binary COPY rows for the ingest staging table (see STAGING_COLUMNS); src/db/bulk.ts
 * frames and sends them. Binary keeps a 768-d vector at 3 KB on the wire instead of ~7 KB of
 * decimal text that the server would parse float by float.
 * Format: https://www.postgresql.org/docs/current/sql-copy.html (Binary Format);
 * vector: pgvector's vector_recv (int16 dim, int16 unused, float4 x dim, big-endian).
 */
/** `seq` (the record's line, so the last occurrence of an id wins) and the stored columns, in COPY order. */
export const STAGING_COLUMNS = ['seq', ...STORED_COLUMNS] as const;

const TEXT_OID = 25;

class RowWriter {
  private buf = Buffer.allocUnsafe(16 * 1024);
  private at = 0;

  private room(n: number) {
    if (this.at + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.at + n));
    this.buf.copy(next, 0, 0, this.at);
    this.buf = next;
  }
  int16(v: number) {
    this.room(2);
    this.buf.writeInt16BE(v, this.at);
    this.at += 2;
  }
  int32(v: number) {
    this.room(4);
    this.buf.writeInt32BE(v, this.at);
    this.at += 4;
  }
  null() {
    this.int32(-1);
  }
  text(s: string) {
    const n = Buffer.byteLength(s);
    this.int32(n);
    this.room(n);
    this.at += this.buf.write(s, this.at);
  }
  int4(v: number) {
    this.int32(4);
    this.int32(v);
  }
  float8OrNull(v: number | null) {
    if (v === null) return this.null();
    this.int32(8);
    this.room(8);
    this.buf.writeDoubleBE(v, this.at);
    this.at += 8;
  }
  textArray(items: string[]) {
    const body = items.map((s) => Buffer.from(s));
    const size = 20 + body.reduce((n, b) => n + 4 + b.length, 0);
    this.int32(size);
    this.int32(1);
    this.int32(0);
    this.int32(TEXT_OID);
    this.int32(items.length);
    this.int32(1);
    for (const b of body) {
      this.int32(b.length);
      this.room(b.length);
      b.copy(this.buf, this.at);
      this.at += b.length;
    }
  }
  vector(v: number[]) {
    this.int32(4 + 4 * v.length);
    this.int16(v.length);
    this.int16(0);
    this.room(4 * v.length);
    for (const x of v) {
      this.buf.writeFloatBE(x, this.at);
      this.at += 4;
    }
  }
  take(): Buffer {
    return this.buf.subarray(0, this.at);
  }
}

/** One binary COPY tuple per worker, in STAGING_COLUMNS order. */
export function copyRows(rows: { seq: number; worker: EmbeddedWorker }[]): Buffer {
  const out = new RowWriter();
  for (const { seq, worker: w } of rows) {
    out.int16(STAGING_COLUMNS.length);
    out.int4(seq);
    for (const s of [w.id, w.name, w.email, w.phone, w.city, w.state, w.role]) out.text(s);
    out.textArray(w.skills);
    out.textArray(w.certifications);
    out.int4(w.years_experience);
    out.float8OrNull(w.hourly_rate);
    out.float8OrNull(w.rating);
    out.float8OrNull(w.reliability);
    out.textArray(w.availability);
    out.text(w.status);
    out.text(w.summary);
    out.text(w.profile);
    out.float8OrNull(w.lat);
    out.float8OrNull(w.lon);
    out.vector(w.embedding);
  }
  return Buffer.from(out.take());
}
