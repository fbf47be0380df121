/**
 * How far behind a streaming replica is right after a commit: the figure that decides whether a read
 * after a write waits for the replica or goes to the primary (docs/decisions.md).
 *
 *   tsx bench/replica-lag.ts [--primary postgres://...:5432/postgres] [--replica postgres://...:5433/postgres] [--n 500]
 *
 * Each round commits a one-row insert on the primary (a scratch table in a scratch database), reads
 * the primary's WAL insert position, then asks the replica for its replay position until it has
 * reached it. Prints: how often the first ask already found it replayed, and the catch-up time
 * percentiles from the commit's return.
 */
import pg from 'pg';
import { lsnValue } from '../src/db/replicas.ts';
import { parseFlags } from '../src/cli/runtime.ts';

const flags = parseFlags(process.argv.slice(2));
const primaryAdmin = flags.get('primary') ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const replicaAdmin = flags.get('replica') ?? 'postgres://postgres@127.0.0.1:5433/postgres';
const n = Number(flags.get('n') ?? 500);
const DB = 'sm_replica_lag_bench';
const withDb = (url: string) => {
  const u = new URL(url);
  u.pathname = `/${DB}`;
  return u.toString();
};

const admin = new pg.Client({ connectionString: primaryAdmin });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
await admin.query(`CREATE DATABASE ${DB}`);
const primary = new pg.Client({ connectionString: withDb(primaryAdmin) });
await primary.connect();
await primary.query('CREATE TABLE lag_probe (id serial PRIMARY KEY, at timestamptz DEFAULT now(), pad text)');
const replica = new pg.Client({ connectionString: replicaAdmin });
await replica.connect();

const catchUp: number[] = [];
const asks: number[] = [];
let firstAskHit = 0;
for (let i = 0; i < n; i++) {
  await primary.query('INSERT INTO lag_probe (pad) VALUES ($1)', ['x'.repeat(200)]);
  const committed = performance.now();
  const target = lsnValue((await primary.query('SELECT pg_current_wal_flush_lsn()::text AS l')).rows[0].l);
  let k = 0;
  for (;;) {
    k++;
    const at = lsnValue((await replica.query('SELECT pg_last_wal_replay_lsn()::text AS l')).rows[0].l);
    if (at >= target) break;
  }
  if (k === 1) firstAskHit++;
  asks.push(k);
  catchUp.push(performance.now() - committed);
}
catchUp.sort((a, b) => a - b);
const pct = (p: number) => catchUp[Math.min(catchUp.length - 1, Math.floor((p / 100) * catchUp.length))].toFixed(2);
console.log(
  JSON.stringify({
    rounds: n,
    replayed_at_first_ask_pct: Number(((100 * firstAskHit) / n).toFixed(1)),
    asks_mean: Number((asks.reduce((a, b) => a + b, 0) / n).toFixed(2)),
    catch_up_ms: { p50: Number(pct(50)), p90: Number(pct(90)), p99: Number(pct(99)), max: Number(pct(100)) },
  }),
);
await Promise.all([primary.end(), replica.end()]);
await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
await admin.end();
