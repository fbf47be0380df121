import assert from 'node:assert/strict';
import { after, describe, test, type TestContext } from 'node:test';
import { sql } from 'drizzle-orm';
import { openDatabase, rowsOf } from '../../src/db/open.ts';
import { openTestDatabase, workerFixture } from '../support/backends.ts';
import { type Answer, request, startService } from '../support/service.ts';

const CLIENTS = 12;
const WORKERS = 60;

interface Write {
  kind: 'playbook' | 'fill';
  key: string;
  body: object;
  answer?: Answer;
  error?: string;
}

/** Playbook records and fills with distinct shifts, each with its own Idempotency-Key. */
function writeFor(client: number, n: number): Write {
  const worker = `crash-${(client * 5 + n) % WORKERS}`;
  const key = `crash-${client}-${n}`;
  if (n % 2 === 0) return { kind: 'playbook', key, body: { query: `crash test ${key}`, worker_ids: [worker] } };
  const start = new Date(Date.UTC(2031, 0, 1) + (client * 10_000 + n) * 3_600_000 * 9);
  return {
    kind: 'fill',
    key,
    body: {
      order: {
        city: 'Dallas',
        state: 'TX',
        role: 'Forklift Operator',
        headcount: 1,
        shift_start: start.toISOString(),
        shift_end: new Date(start.getTime() + 8 * 3_600_000).toISOString(),
      },
      worker_ids: [worker],
      playbook: { query: `crash fill ${key}` },
    },
  };
}

const path = (w: Write) => (w.kind === 'playbook' ? '/v1/matrix/playbooks/record' : '/v1/fills');

describe('durability: SIGKILL mid-run loses no acknowledged write [postgres]', () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  test('acknowledged writes survive, no half-written fill, retries with the same key do not duplicate', {
    skip: process.env.TEST_DATABASE_URL ? false : 'needs PostgreSQL (TEST_DATABASE_URL): PGlite runs inside the killed process',
  }, async (t: TestContext) => {
    const db = await openTestDatabase('postgres');
    cleanups.push(() => db.close());
    const env = { DATABASE_URL: db.url!, DATA_DIR: '/nonexistent' };
    let service = await startService(env);
    cleanups.push(async () => {
      if (service.child.exitCode === null) service.child.kill('SIGKILL');
    });
    const seeded = await request(service.port, 'POST', '/v1/workers/batch', {
      workers: Array.from({ length: WORKERS }, (_, i) => workerFixture(`crash-${i}`)),
    });
    assert.equal(seeded.status, 200, seeded.body);

    const writes: Write[] = [];
    let killed = false;
    const client = async (c: number) => {
      for (let n = 0; !killed; n++) {
        const w = writeFor(c, n);
        writes.push(w);
        try {
          w.answer = await request(service.port, 'POST', path(w), w.body, { 'idempotency-key': w.key });
        } catch (err) {
          w.error = (err as Error).message;
        }
      }
    };
    const running = Array.from({ length: CLIENTS }, (_, c) => client(c));
    await new Promise((r) => setTimeout(r, 2_500));
    killed = true;
    service.child.kill('SIGKILL');
    await Promise.all(running);
    await service.exited;

    const acked = writes.filter((w) => w.answer?.status === 201);
    const unknown = writes.filter((w) => !w.answer);
    assert.ok(acked.length > 20, `enough writes before the kill (${acked.length})`);
    assert.deepEqual(
      writes.filter((w) => w.answer && w.answer.status !== 201).map((w) => w.answer!.body),
      [],
      'no write refused before the kill',
    );

    service = await startService(env);
    const database = await openDatabase({ databaseUrl: db.url!, dataDir: '/nonexistent' });
    cleanups.push(() => database.close());
    const ids = async (table: string) =>
      new Set((await rowsOf<{ id: string }>(database.db, sql.raw(`SELECT id::text AS id FROM ${table}`))).map((r) => r.id));
    const [playbooks, fills] = [await ids('playbooks'), await ids('fills')];
    const found = acked.filter((w) => (w.kind === 'playbook' ? playbooks : fills).has(JSON.parse(w.answer!.body).id));
    const halfWritten = await rowsOf<{ id: string }>(
      database.db,
      sql`SELECT f.id FROM fills f
        WHERE NOT EXISTS (SELECT 1 FROM fill_assignments a WHERE a.fill_id = f.id)
           OR (f.playbook_id IS NULL)`,
    );

    // Writes whose answer was lost are retried with their key: each lands at most once.
    for (const w of [...unknown, ...acked.slice(0, 5)]) {
      const retry = await request(service.port, 'POST', path(w), w.body, { 'idempotency-key': w.key });
      assert.equal(retry.status, 201, retry.body);
      if (w.answer) assert.deepEqual(JSON.parse(retry.body), JSON.parse(w.answer.body), 'a replay answers the first answer');
    }
    const [{ dupes }] = await rowsOf<{ dupes: number }>(
      database.db,
      sql`SELECT count(*)::int AS dupes FROM
        (SELECT query FROM playbooks GROUP BY query HAVING count(*) > 1) d`,
    );

    t.diagnostic(
      `writes sent ${writes.length}; acknowledged 201: ${acked.length}; found after restart: ${found.length}; in flight at SIGKILL: ${unknown.length}; half-written fills: ${halfWritten.length}; duplicated after retries: ${dupes}`,
    );
    assert.equal(found.length, acked.length, 'every acknowledged write is present after the crash');
    assert.deepEqual(halfWritten, [], 'every fill has its assignments and its playbook');
    assert.equal(dupes, 0, 'retries with the same Idempotency-Key never duplicate');
    service.child.kill('SIGTERM');
    assert.equal(await service.exited, 0);
  });
});
