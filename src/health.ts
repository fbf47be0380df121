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
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

type Check = { ok: boolean; detail?: string };
type Probe = Check & { error?: unknown };

// What a client may read: a fixed word per failure. The error itself (driver text, the embedder's host) is only
// returned alongside, for the caller to log.
async function check(what: string, probe: () => Promise<boolean | void>, failure: string): Promise<Probe> {
  try {
    const ok = (await withTimeout(probe(), what)) !== false;
    return ok ? { ok } : { ok, detail: failure };
  } catch (error) {
    const timedOut = error instanceof Error && error.message.includes('did not answer within');
    return { ok: false, detail: timedOut ? `did not answer within ${CHECK_TIMEOUT_MS} ms` : 'failed', error };
  }
}

/**
 * Database reachable, migrations current, embedder able to answer: each checked within 3 s. `failures` holds the
 * errors behind failed checks, for the log only.
 */
export async function checkReadiness(deps: {
  database: Database;
  embedder: Embedder;
}): Promise<Readiness & { failures: Array<{ check: string; error: unknown }> }> {
  const [database, migrations, embedder] = await Promise.all([
    check('database', () => ping(deps.database.db), 'unreachable'),
    check('migrations', () => migrationsCurrent(deps.database), 'pending migrations: run `npm run db:migrate`'),
    check('embedder', () => deps.embedder.ready(), 'not ready'),
  ]);
  const probes = { database, migrations, embedder };
  const failures = Object.entries(probes)
    .filter(([, p]) => p.error !== undefined)
    .map(([name, p]) => ({ check: name, error: p.error }));
  const checks = Object.fromEntries(
    Object.entries(probes).map(([name, { ok, detail }]) => [name, detail === undefined ? { ok } : { ok, detail }]),
  ) as Readiness['checks'];
  // /ready answers anyone: each replica's state and lag, not its address or its last error (those are in the
  // operator's /v1/admin/stats and the log).
  const replicas = deps.database
    .replicaStatus()
    ?.replicas.map(({ name: _name, last_error: _error, ...r }, i) => ({ ...r, name: `replica-${i + 1}` }));
  return { ready: database.ok && migrations.ok && embedder.ok, checks, failures, ...(replicas ? { replicas } : {}) };
}
