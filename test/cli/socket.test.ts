import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import pg from 'pg';
import { type DatabaseSocket, serveDatabaseSocket } from '../../src/db/socket.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { type Database, openDatabase } from '../../src/db/open.ts';
import { ensureCorpusEmbedder } from '../../src/embed/corpus.ts';
import { createHashEmbedder } from '../../src/embed/hash.ts';
import { buildApp } from '../../src/http/app.ts';
import { testConfig, workerFixture } from '../support/backends.ts';
import { runCli } from '../support/cli.ts';

async function query<T>(socket: DatabaseSocket, text: string): Promise<T[]> {
  const client = new pg.Client({ host: socket.host, port: socket.port, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('npm run db:socket: the embedded database over the PostgreSQL protocol', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sm-socket-'));
  let database: Database;
  let socket: DatabaseSocket;

  before(async () => {
    database = await openDatabase({ dataDir });
    await migrateDatabase(database);
    const embedder = createHashEmbedder();
    await ensureCorpusEmbedder(database.db, embedder);
    const app = await buildApp({ config: testConfig(), database, embedder });
    const workers = [
      workerFixture('s-1'),
      workerFixture('s-2'),
      workerFixture('s-3', { state: 'WA', city: 'Seattle', role: 'Welder', status: 'inactive' }),
    ];
    assert.equal((await app.inject({ method: 'POST', url: '/v1/workers/batch', payload: { workers } })).statusCode, 200);
    await app.close();
    socket = await serveDatabaseSocket(database, { port: 0 });
  });
  after(async () => {
    await socket?.stop();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('psql-style clients read the operator views', async () => {
    const summary = await query<{ state: string; role: string; workers: string; active: string }>(
      socket,
      'SELECT state, role, workers, active FROM corpus_summary ORDER BY state',
    );
    assert.deepEqual(
      summary.map((r) => [r.state, r.role, Number(r.workers), Number(r.active)]),
      [
        ['TX', 'Forklift Operator', 2, 2],
        ['WA', 'Welder', 1, 0],
      ],
    );
    const never = await query<{ id: string }>(socket, 'SELECT id FROM workers_never_matched ORDER BY id');
    assert.deepEqual(
      never.map((r) => r.id),
      ['s-1', 's-2'],
    );
  });

  test('several clients at once, and sessions are read-only', async () => {
    const counts = await Promise.all([1, 2, 3].map(() => query<{ n: string }>(socket, 'SELECT count(*) AS n FROM workers')));
    assert.deepEqual(
      counts.map(([r]) => Number(r.n)),
      [3, 3, 3],
    );
    await assert.rejects(query(socket, 'DELETE FROM workers'), (err: { code?: string }) => err.code === '25006');
    assert.equal(Number((await query<{ n: string }>(socket, 'SELECT count(*) AS n FROM workers'))[0].n), 3);
  });

  test('the command refuses a data directory another process holds, naming the process', async () => {
    const { code, output } = await runCli('socket', ['--port', '0'], { DATA_DIR: dataDir, LOG_LEVEL: 'silent' }, 60_000);
    assert.equal(code, 1, output);
    assert.match(output, new RegExp(`in use by process ${process.pid}`));
    assert.match(output, /PGlite allows one process at a time/);
  });
});
