import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from '../../src/db/open.ts';

const skip = process.env.TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is needed (connection lifetime is a PostgreSQL pool setting)';

/**
 * Two clients keep both pooled connections busy for `ms` (so none is ever idle long enough to be
 * closed for idleness) and report the server processes that answered, and any error.
 */
async function backendsDuring(connectionLifetimeS: number, ms: number): Promise<{ pids: Set<number>; errors: unknown[] }> {
  const database = await openDatabase({ databaseUrl: process.env.TEST_DATABASE_URL!, dataDir: 'unused', poolMax: 2, connectionLifetimeS });
  const pids = new Set<number>();
  const errors: unknown[] = [];
  const until = Date.now() + ms;
  try {
    await Promise.all(
      [0, 1].map(async () => {
        while (Date.now() < until) {
          try {
            const [row] = await rowsOf<{ pid: number }>(database.db, sql`SELECT pg_backend_pid() AS pid, pg_sleep(0.02)`);
            pids.add(row.pid);
          } catch (err) {
            errors.push(err);
          }
        }
      }),
    );
  } finally {
    await database.close();
  }
  return { pids, errors };
}

describe('pooled connections are replaced after DB_CONNECTION_LIFETIME_S (db/postgres.ts)', { skip }, () => {
  test('with a 1 s lifetime, busy connections are replaced by new server processes and no query fails', async () => {
    const { pids, errors } = await backendsDuring(1, 3_500);
    assert.deepEqual(errors, []);
    assert.ok(pids.size > 2, `expected new backends after 1 s, saw ${pids.size} pids`);
  });

  test('with 0 (never), the same two connections answer throughout', async () => {
    const { pids, errors } = await backendsDuring(0, 2_500);
    assert.deepEqual(errors, []);
    assert.ok(pids.size <= 2, `expected the pool's 2 connections only, saw ${pids.size} pids`);
  });
});
