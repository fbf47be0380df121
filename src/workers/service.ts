import { z } from 'zod';
import { cursorCodec } from '../cursor.ts';
import type { ChangeFeed } from '../db/notify.ts';
import { workerChange } from '../db/notify.ts';
import type { Database } from '../db/open.ts';
import type { Embedder } from '../embed/embedder.ts';
import { Conflict, NotFound } from '../errors.ts';
import { futureAssignments } from '../fills/repository.ts';
import { loadGazetteer } from '../places/gazetteer.ts';
import { profileText } from './profile.ts';
import {
  deleteWorkerRow,
  findWorker,
  listWorkerRows,
  locateWorkers,
  lockWorkerForDelete,
  placesOf,
  unlocatedPlaces,
  upsertWorkerRows,
  type EmbeddedWorker,
  type StoredWorker,
  type WorkerListFilter,
} from './repository.ts';
import { WORKER_ID, type Worker } from './worker.ts';

export interface WorkerDeps {
  database: Database;
  embedder: Embedder;
  changes: ChangeFeed;
}

/**
 * Profiles, embeddings (one embedder call) and coordinates for a batch of workers.
 * A city the gazetteer does not know gets none: it still matches by name.
 */
export async function embedWorkers(embedder: Embedder, batch: Worker[]): Promise<EmbeddedWorker[]> {
  const profiles = batch.map(profileText);
  const [vectors, gazetteer] = await Promise.all([embedder.embed(profiles), loadGazetteer()]);
  return batch.map((w, i) => {
    const at = gazetteer.find(w.city, w.state);
    return { ...w, profile: profiles[i], lat: at?.lat ?? null, lon: at?.lon ?? null, embedding: vectors[i] };
  });
}

/**
 * Coordinates for workers written before they existed (migration 0008), place by place;
 * returns how many rows were located. Places the gazetteer does not know are left as they are.
 */
export async function locateUnlocatedWorkers(database: Database): Promise<number> {
  const gazetteer = await loadGazetteer();
  let located = 0;
  for (const { city, state } of await unlocatedPlaces(database.db)) {
    const at = gazetteer.find(city, state);
    if (at) located += await locateWorkers(database.db, city, state, at.lat, at.lon);
  }
  return located;
}

/** Upserts a batch in one transaction; caches that could hold the old or new rows are dropped. */
export async function upsertWorkers(deps: WorkerDeps, batch: Worker[]): Promise<number> {
  const rows = await embedWorkers(deps.embedder, batch);
  const change = await deps.database.db.transaction(async (tx) => {
    const before = await placesOf(
      tx,
      rows.map((r) => r.id),
    );
    await upsertWorkerRows(tx, rows);
    const change = workerChange([...before, ...rows], rows);
    await deps.changes.announce(tx, change);
    return change;
  });
  deps.changes.applyLocally(change);
  return rows.length;
}

export async function getWorker(deps: Pick<WorkerDeps, 'database'>, id: string): Promise<StoredWorker> {
  const worker = await deps.database.read((db) => findWorker(db, id));
  if (!worker) throw new NotFound('worker', id);
  return worker;
}

export interface WorkerPage {
  workers: StoredWorker[];
  next_cursor: string | null;
}

/** The last id of the page. */
const workersCursor = cursorCodec('workers', { id: z.string().regex(WORKER_ID) });

/** Cursors are opaque to clients; one that is not this listing's own answers InvalidCursor. */
export async function listWorkers(
  deps: Pick<WorkerDeps, 'database'>,
  filter: WorkerListFilter,
  limit: number,
  cursor?: string,
): Promise<WorkerPage> {
  const after = cursor === undefined ? undefined : workersCursor.decode(cursor).id;
  const rows = await deps.database.read((db) => listWorkerRows(db, filter, limit + 1, after));
  const page = rows.slice(0, limit);
  const next = rows.length > limit ? workersCursor.encode({ id: page[page.length - 1].id }) : null;
  return { workers: page, next_cursor: next };
}

/**
 * Deletes a worker unless they hold a booked fill that has not ended: that is a
 * 409 naming the fills (cancel them, or wait until they are over). Fills already
 * worked or cancelled keep the worker's id as history. The row is locked before
 * the check, so a booking committing meanwhile is either seen by the check or
 * finds the worker gone.
 */
export async function deleteWorker(deps: WorkerDeps, id: string): Promise<void> {
  const change = await deps.database.db.transaction(async (tx) => {
    if (!(await lockWorkerForDelete(tx, id))) throw new NotFound('worker', id);
    const ahead = await futureAssignments(tx, id);
    if (ahead.length) {
      const named = ahead
        .slice(0, 10)
        .map((a) => `${a.fill_id} (${a.shift_start} to ${a.shift_end})`)
        .join('; ');
      throw new Conflict(
        'worker_has_future_fills',
        `Worker ${id} is booked on ${ahead.length} fill(s) that have not ended: ${named}${ahead.length > 10 ? '; ...' : ''}. Cancel them first.`,
        { worker_id: id, fills: ahead.map((a) => ({ id: a.fill_id, shift_start: a.shift_start, shift_end: a.shift_end })) },
      );
    }
    const place = await deleteWorkerRow(tx, id);
    if (!place) throw new NotFound('worker', id);
    const change = workerChange([place]);
    await deps.changes.announce(tx, change);
    return change;
  });
  deps.changes.applyLocally(change);
}
