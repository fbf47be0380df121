import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from './open.ts';

export interface CorpusStats {
  workers: number;
  playbooks: number;
  fills: { booked: number; cancelled: number };
  /** On-disk bytes of every index on the product tables, by index name. */
  index_sizes: Record<string, number>;
}

/** What an operator asks first: how big the corpus is and what its indexes cost. */
export async function corpusStats(db: Executor): Promise<CorpusStats> {
  const [counts] = await rowsOf<{ workers: number; playbooks: number; booked: number; cancelled: number }>(
    db,
    sql`
    SELECT (SELECT count(*)::int FROM workers) AS workers,
           (SELECT count(*)::int FROM playbooks) AS playbooks,
           (SELECT count(*)::int FROM fills WHERE status = 'booked') AS booked,
           (SELECT count(*)::int FROM fills WHERE status = 'cancelled') AS cancelled`,
  );
  const indexes = await rowsOf<{ name: string; bytes: number }>(
    db,
    sql`
    SELECT i.relname AS name, pg_relation_size(i.oid)::float8 AS bytes
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_class t ON t.oid = x.indrelid
    WHERE t.relname IN ('workers', 'playbooks', 'playbook_texts', 'fills', 'fill_assignments')
      AND t.relnamespace = current_schema()::regnamespace
    ORDER BY i.relname`,
  );
  return {
    workers: counts.workers,
    playbooks: counts.playbooks,
    fills: { booked: counts.booked, cancelled: counts.cancelled },
    index_sizes: Object.fromEntries(indexes.map((r) => [r.name, Number(r.bytes)])),
  };
}

/** The cheapest round trip: the readiness check's proof that the database answers. */
export async function ping(db: Executor): Promise<void> {
  await db.execute(sql`SELECT 1`);
}
