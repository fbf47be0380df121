import { after, before, describe } from 'node:test';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { type Config, loadConfig } from '../../src/config.ts';
import { migrateDatabase } from '../../src/db/migrate.ts';
import { backendOf } from '../../src/db/database.ts';
import { type Database, openDatabase } from '../../src/db/open.ts';
import { ensureCorpusEmbedder } from '../../src/embed/corpus.ts';
import type { Embedder } from '../../src/embed/embedder.ts';
import { createHashEmbedder } from '../../src/embed/hash.ts';
import { buildApp } from '../../src/http/app.ts';

export type BackendName = 'pglite' | 'postgres';

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL names a server. */
export function backendNames(): BackendName[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

let dbCounter = 0;

/** A fresh, migrated, empty database; `close` drops it (PostgreSQL) or frees it (PGlite). */
export async function openTestDatabase(kind: BackendName): Promise<{ database: Database; url?: string; close(): Promise<void> }> {
  if (kind === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrateDatabase(database);
    return { database, close: () => database.close() };
  }
  const admin = new URL(process.env.TEST_DATABASE_URL!);
  const name = `sm_test_${process.pid}_${Date.now().toString(36)}_${dbCounter++}`;
  const adminClient = new pg.Client({ connectionString: admin.toString() });
  await adminClient.connect();
  await adminClient.query(`CREATE DATABASE ${name}`);
  await adminClient.end();
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused', poolMax: 20 });
  await migrateDatabase(database);
  return {
    database,
    url: url.toString(),
    async close() {
      await database.close();
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface Harness {
  backend: BackendName;
  app: FastifyInstance;
  database: Database;
  embedder: Embedder;
  config: Config;
  url?: string;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env });
}

/**
 * Runs `suite` once per backend against a real app on a fresh database.
 * The harness object is filled in `before`, so read it inside tests.
 */
export function describeEachBackend(title: string, suite: (h: Harness) => void, env: Record<string, string> = {}): void {
  for (const backend of backendNames()) {
    describe(`${title} [${backend}]`, () => {
      const h = { backend } as Harness;
      let close: () => Promise<void>;
      before(async () => {
        const opened = await openTestDatabase(backend);
        close = opened.close;
        h.database = opened.database;
        h.url = opened.url;
        h.embedder = createHashEmbedder();
        h.config = testConfig(env);
        await ensureCorpusEmbedder(h.database.db, h.embedder);
        h.app = await buildApp({ config: h.config, database: h.database, embedder: h.embedder });
        await h.app.ready();
      });
      after(async () => {
        await h.app?.close();
        await close?.();
      });
      suite(h);
    });
  }
}

/** A valid worker for tests; override any field. */
export function workerFixture(id: string, over: Record<string, unknown> = {}) {
  return {
    id,
    name: 'Maria Garcia',
    email: `${id}@example.com`,
    phone: '+12145550100',
    city: 'Dallas',
    state: 'TX',
    role: 'Forklift Operator',
    skills: ['forklift', 'pallet jack'],
    certifications: ['OSHA 10'],
    years_experience: 5,
    hourly_rate: 21.5,
    rating: 4.5,
    reliability: 0.9,
    availability: ['nights'],
    status: 'active',
    summary: 'Steady on night shifts.',
    ...over,
  };
}

/** The node-postgres pool behind a PostgreSQL Database, for tests that must hold or inspect its connections. */
export function poolOf(database: Database): pg.Pool {
  const backend = backendOf(database);
  if (backend.kind !== 'postgres') throw new Error('poolOf: not a PostgreSQL database');
  return backend.pool;
}
