import type { Database } from './open.ts';

/** A query vector as a statement parameter: `${v}::vector` in SQL takes either form. */
export type VectorParam = string | Buffer;

/**
 * pgvector's text form of a vector: `[0.1,0.2,...]`. Hand-written on purpose: the pgvector package's
 * toSql passes a Float32Array through untouched (node-postgres would then send it as bytea) and on
 * `Array.from(v)` took 320-410 us per 768-d vector against 54-100 us for this join (docs/decisions.md).
 */
export const vectorLiteral = (v: ArrayLike<number> & { join(separator: string): string }): string => `[${v.join(',')}]`;

/**
 * pgvector's binary form (vector_recv: int16 dimensions, int16 unused, big-endian float4 each).
 * node-postgres sends a Buffer parameter in binary format, so PostgreSQL receives 3 KB instead of
 * ~16 KB of decimal text; measured per statement on 100k workers, the client's CPU went from
 * 0.77-0.86 to 0.35-0.45 ms and PostgreSQL's stayed the same (docs/decisions.md).
 */
export function vectorBinary(v: ArrayLike<number>): Buffer {
  const buf = Buffer.allocUnsafe(4 + 4 * v.length);
  buf.writeInt16BE(v.length, 0);
  buf.writeInt16BE(0, 2);
  for (let i = 0; i < v.length; i++) buf.writeFloatBE(v[i], 4 + 4 * i);
  return buf;
}

/** The cheapest form the backend takes: binary over the PostgreSQL wire; text for PGlite, whose parameters are text. */
export function vectorParam(database: Pick<Database, 'kind'>, v: ArrayLike<number> & { join(separator: string): string }): VectorParam {
  return database.kind === 'postgres' ? vectorBinary(v) : vectorLiteral(v);
}
