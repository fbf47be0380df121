import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type pg from 'pg';
import { type Database, rowsOf } from '../../src/db/open.ts';
import { customPlan } from '../../src/db/prepared.ts';
import { openTestDatabase, poolOf } from '../support/backends.ts';

const skip = process.env.TEST_DATABASE_URL ? false : 'TEST_DATABASE_URL is needed (named statements are a PostgreSQL connection feature)';

interface Prepared {
  name: string;
  statement: string;
  generic_plans: string;
  custom_plans: string;
}

const preparedOn = async (client: pg.PoolClient, marker: string): Promise<Prepared[]> =>
  (
    await client.query<Prepared>(
      `SELECT name, statement, generic_plans::text, custom_plans::text FROM pg_prepared_statements WHERE statement LIKE '%' || $1 || '%' AND statement NOT LIKE '%pg_prepared_statements%'`,
      [marker],
    )
  ).rows;

describe('named statements on PostgreSQL (db/prepared.ts)', { skip }, () => {
  let handle: Awaited<ReturnType<typeof openTestDatabase>>;
  let database: Database;
  before(async () => {
    handle = await openTestDatabase('postgres');
    database = handle.database;
  });
  after(() => handle?.close());

  test('a statement sent twice is named, then bound on a generic plan without being parsed again', async () => {
    const client = await poolOf(database).connect();
    try {
      const text = 'SELECT $1::int + 1 AS n /* twice-marker */';
      const answers: number[] = [];
      for (const i of [1, 2, 3, 4]) answers.push((await client.query({ text, values: [i] })).rows[0].n);
      assert.deepEqual(answers, [2, 3, 4, 5]);
      const [prepared, ...more] = await preparedOn(client, 'twice-marker');
      assert.equal(more.length, 0);
      assert.ok(prepared, 'the repeated statement is a prepared statement on the connection');
      assert.match(prepared.name, /^sm\d+$/);
      // Named from the second run on: parsed once, then three executions on its generic plan.
      assert.equal(prepared.generic_plans, '3');
      assert.equal(prepared.custom_plans, '0');
    } finally {
      client.release();
    }
  });

  test('a statement wrapped in customPlan() is never named, and one without parameters neither', async () => {
    const client = await poolOf(database).connect();
    try {
      const { sql: text } = new PgDialect().sqlToQuery(customPlan(sql`SELECT ${1}::int AS n /* custom-marker */`));
      for (const i of [1, 2, 3]) assert.equal((await client.query({ text, values: [i] })).rows[0].n, i);
      for (let i = 0; i < 3; i++) await client.query('SELECT 1 AS n /* plain-marker */');
      assert.deepEqual(await preparedOn(client, 'custom-marker'), []);
      assert.deepEqual(await preparedOn(client, 'plain-marker'), []);
    } finally {
      client.release();
    }
  });

  test('answers through drizzle are the same named or not, on every connection of the pool', async () => {
    const run = () =>
      Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          rowsOf<{ n: number; s: string }>(database.db, sql`SELECT ${i}::int * 2 AS n, ${`x${i}`}::text AS s`),
        ),
      );
    const first = await run();
    for (let round = 0; round < 3; round++) assert.deepEqual(await run(), first);
    assert.deepEqual(
      first.map((rows) => rows[0]),
      Array.from({ length: 12 }, (_, i) => ({ n: i * 2, s: `x${i}` })),
    );
  });
});
