import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database, Executor } from './open.ts';

export const CHANGES_CHANNEL = 'staffing_matrix_changes';
// NOTIFY payloads must stay under 8000 bytes; larger worker batches invalidate everything.
const MAX_PLACES = 40;
const MAX_TAGS = 60;

export interface WorkerPlace {
  state: string;
  city: string;
  role: string;
}
/** Certifications and skills the written workers hold: new ones join the search's vocabulary at once. */
export interface WorkerTags {
  certifications: string[];
  skills: string[];
}
export type Change = { kind: 'workers'; places: WorkerPlace[] | 'all'; tags?: WorkerTags } | { kind: 'playbooks' };

/**
 * Data-change events for cache invalidation. A writer calls `announce` inside its
 * transaction, so other instances hear it (LISTEN/NOTIFY) only once it commits,
 * and `applyLocally` after commit, so this instance never serves a stale entry
 * while the notification is in flight.
 */
export interface ChangeFeed {
  announce(tx: Executor, change: Change): Promise<void>;
  applyLocally(change: Change): void;
  subscribe(onChange: (change: Change) => void): () => void;
  close(): Promise<void>;
}

export function workerChange(places: WorkerPlace[], held: Partial<WorkerTags>[] = []): Change {
  const unique = [
    ...new Map(
      places.map(({ state, city, role }) => [`${state}|${city.toLowerCase()}|${role.toLowerCase()}`, { state, city, role }]),
    ).values(),
  ];
  if (unique.length > MAX_PLACES) return { kind: 'workers', places: 'all' };
  const tags = {
    certifications: [...new Set(held.flatMap((w) => w.certifications ?? []))],
    skills: [...new Set(held.flatMap((w) => w.skills ?? []))],
  };
  // Beyond this the listeners re-read the corpus anyway ('all' makes them).
  if (tags.certifications.length + tags.skills.length > MAX_TAGS) return { kind: 'workers', places: 'all' };
  return { kind: 'workers', places: unique, ...(held.length ? { tags } : {}) };
}

export async function openChangeFeed(database: Database): Promise<ChangeFeed> {
  const subscribers = new Set<(change: Change) => void>();
  const deliver = (change: Change) => {
    for (const fn of subscribers) fn(change);
  };
  // This instance applied its own changes at commit; its own NOTIFY echo is skipped.
  const origin = randomUUID();
  const onPayload = (payload: string) => {
    try {
      const { origin: from, ...change } = JSON.parse(payload) as Change & { origin?: string };
      if (from === origin) return;
      // Before anyone hears of it: reads from here on must see the write (replicas wait for its LSN).
      database.noteRemoteWrite();
      deliver(change as Change);
    } catch {
      // A payload we cannot read is ignored rather than trusted.
    }
  };
  // After a lost LISTEN connection any write may have gone unheard: treat everything as changed.
  const onReset = () => {
    database.noteRemoteWrite();
    deliver({ kind: 'workers', places: 'all' });
  };
  const unlisten = await database.listen(CHANGES_CHANNEL, onPayload, onReset);
  return {
    async announce(tx, change) {
      await tx.execute(sql`SELECT pg_notify(${CHANGES_CHANNEL}, ${JSON.stringify({ ...change, origin })})`);
    },
    applyLocally: deliver,
    subscribe(onChange) {
      subscribers.add(onChange);
      return () => subscribers.delete(onChange);
    },
    async close() {
      subscribers.clear();
      await unlisten();
    },
  };
}
