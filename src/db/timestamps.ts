import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * A timestamptz column as ISO 8601 UTC text, the one form every answer uses. Milliseconds, as
 * JavaScript's Date writes them (so a shift sent as `toISOString()` comes back as sent); `'us'`
 * keeps PostgreSQL's full microseconds where the text is a cursor key and must order exactly.
 */
export function isoTimestamp(column: AnyPgColumn | SQL, precision: 'ms' | 'us' = 'ms'): SQL<string> {
  return precision === 'us'
    ? sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
    : sql<string>`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}
