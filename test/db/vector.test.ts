import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/open.ts';
import { vectorBinary, vectorLiteral, vectorParam } from '../../src/db/vector.ts';
import { backendNames, openTestDatabase } from '../support/backends.ts';

const v = Float32Array.from({ length: 768 }, (_, i) => Math.sin(i * 0.37) / 7 + (i % 5 === 0 ? 1e-9 : 0));

test('the binary form is pgvector vector_recv layout: dimensions, a zero, big-endian float4s', () => {
  const buf = vectorBinary(v);
  assert.equal(buf.length, 4 + 4 * 768);
  assert.equal(buf.readInt16BE(0), 768);
  assert.equal(buf.readInt16BE(2), 0);
  assert.equal(buf.readFloatBE(4 + 4 * 767), v[767]);
});

for (const backend of backendNames()) {
  test(`[${backend}] the parameter the backend gets reads back as the same vector, and distances agree with the text form`, async () => {
    const { database, close } = await openTestDatabase(backend);
    try {
      const param = vectorParam(database, v);
      assert.equal(typeof param === 'string', backend === 'pglite', 'PGlite gets text, PostgreSQL binary');
      const [row] = await rowsOf<{ same: boolean; d: number }>(
        database.db,
        sql`SELECT (${param}::vector)::text = (${vectorLiteral(v)}::vector)::text AS same, ${param}::vector <=> ${vectorLiteral(v.map((x) => -x))}::vector AS d`,
      );
      assert.equal(row.same, true);
      assert.ok(Math.abs(row.d - 2) < 1e-6, `cosine distance to the opposite vector is 2, got ${row.d}`);
    } finally {
      await close();
    }
  });
}
