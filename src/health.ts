import type { Database } from './db/open.ts';
import type { ReplicaStatus } from './db/replicas.ts';
import { migrationsCurrent } from './db/migrate.ts';
import { ping } from './db/stats.ts';
import type { Embedder } from './embed/embedder.ts';

export interface Readiness {
  ready: boolean;
  checks: Record<'database' | 'migrations' | 'embedder', { ok: boolean; detail?: string }>;
  /** Read replicas (DATABASE_REPLICA_URLS): state and lag each. Not part of `ready`: with none in rotation the primary reads. */
  replicas?: ReplicaStatus[];
}

const CHECK_TIMEOUT_MS = 3_000;

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS); });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function check(what: string, probe: () => Promise<boolean | void>, failure: string) {
  try {
    const ok = (await withTimeout(probe(), what)) !== false;
    return ok ? { ok } : { ok, detail: failure };
  } catch (err) {
    return { ok: false, detail: (err as Error).message };
  }
}

/** Database reachable, migrations current, embedder able to answer: each checked within 3 s. */
export async function checkReadiness(deps: { database: Database; embedder: Embedder }): Promise<Readiness> {
  const [database, migrations, embedder] = await Promise.all([
    check('database', () => ping(deps.database.db), 'unreachable'),
    check('migrations', () => migrationsCurrent(deps.database), 'pending migrations: run `npm run db:migrate`'),
    check('embedder', () => deps.embedder.ready(), 'not ready'),
  ]);
  const replicas = deps.database.replicaStatus()?.replicas;
  return { ready: database.ok && migrations.ok && embedder.ok, checks: { database, migrations, embedder }, ...(replicas ? { replicas } : {}) };
}
