import type { KeyGuard } from '../db/idempotency.ts';
import { queryKey } from './queryKey.ts';
import type { ChangeFeed } from '../db/notify.ts';
import { type VectorParam, vectorParam } from '../db/vector.ts';
import type { Database, Executor } from '../db/open.ts';
import type { EmbeddingCache } from '../embed/cache.ts';
import { NotFound, RuleFailed } from '../errors.ts';
import { existingWorkerIds } from '../workers/repository.ts';
import {
  deletePlaybookRow,
  findPlaybookRow,
  insertPlaybook,
  listPlaybookRows,
  nearestPlaybooks,
  type PlaybookRow,
} from './playbookRepository.ts';
import type { SearchFilters } from './request.ts';
import { z } from 'zod';
import { cursorCodec } from '../cursor.ts';

/**
 * A playbook lends its workers a boost when its query is at least this
 * similar (cosine) to the search query. With hash-v1, rewordings of one
 * request ("forklift operator dallas nights" / "night shift forklift
 * operators in Dallas") score 0.6-0.9 and different requests below 0.5.
 */
export const PLAYBOOK_SIMILARITY_THRESHOLD = 0.6;
/**
 * Each matching playbook lends up to 1.0 (at identical queries) times this factor to the power of
 * its rank: the records of the very same request text first, newest first, then the others by
 * similarity. The workers recorded last for a request get 1.0 and anyone else less than 1/3 (the
 * older lends add up to at most 0.25 + 0.0625 + ...), which PLAYBOOK_WEIGHT (ranking.ts) turns
 * into a lead no ranking feature can close; repeats still add a little.
 */
export const PLAYBOOK_RANK_DECAY = 0.25;
// Playbooks drawn per replay: the newest of the request texts nearest by HNSW and of the same text (migration
// 0021), the first 16 in lending order; migration 0013 says why 16 texts are walked for.
export const NEAREST_PLAYBOOKS = 16;
/**
 * Playbooks drawn per request text: its 5th newest record would lend at most 0.25^4 (0.4 %) of
 * the newest one's boost, and fetching 16 per text made the lookup read 256 playbook rows when
 * near texts had been recorded often (a rotating load run: 11 ms per lookup, its largest statement).
 */
export const PLAYBOOKS_PER_TEXT = 4;
/** What a replay's lookup draws (nearestPlaybooks): the texts walked for, playbooks per text, the boost threshold. */
export const PLAYBOOK_WALK = { limit: NEAREST_PLAYBOOKS, perText: PLAYBOOKS_PER_TEXT, floor: PLAYBOOK_SIMILARITY_THRESHOLD } as const;

export interface PlaybookDeps {
  database: Database;
  embeddings: EmbeddingCache;
  changes: ChangeFeed;
}

export interface RecordPlaybook {
  query: string;
  filters?: z.input<typeof SearchFilters>;
  worker_ids: string[];
  outcome?: 'filled' | 'accepted' | 'declined';
}

/**
 * Writes a playbook inside the caller's transaction (a fill books its playbook
 * in the same one, after locking and checking its workers) and announces it; the
 * caller checks that the workers are on file and applies the change locally after
 * commit. The query's vector is computed by the caller before its transaction
 * opens: an embed can take the embedder's whole timeout, and a transaction
 * waiting on it holds a pool connection all that time (ten slow embeds emptied a
 * pool of ten).
 */
export async function writePlaybook(
  deps: Pick<PlaybookDeps, 'changes' | 'database'>,
  tx: Executor,
  input: RecordPlaybook,
  vector: Readonly<Float32Array>,
): Promise<{ id: string; created_at: string }> {
  const created = await insertPlaybook(tx, {
    query: input.query,
    query_key: queryKey(input.query),
    filters: input.filters ?? {},
    worker_ids: [...new Set(input.worker_ids)],
    outcome: input.outcome ?? 'filled',
    embedding: vectorParam(deps.database, vector),
  });
  await deps.changes.announce(tx, { kind: 'playbooks' });
  return created;
}

/** Records which workers answered a request. Unknown worker ids refuse the record (422): nothing is written. */
export async function recordPlaybook(
  deps: PlaybookDeps,
  input: RecordPlaybook,
  guard?: KeyGuard,
): Promise<{ id: string; created_at: string }> {
  const { vector } = await deps.embeddings.get(input.query);
  const created = await deps.database.db.transaction(async (tx) => {
    await guard?.claim(tx);
    const ids = [...new Set(input.worker_ids)];
    const known = await existingWorkerIds(tx, ids);
    const unknown = ids.filter((id) => !known.has(id));
    if (unknown.length) {
      throw new RuleFailed(
        'unknown_workers',
        `unknown worker ids: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ', ...' : ''}`,
        {
          worker_ids: unknown,
        },
      );
    }
    const written = await writePlaybook(deps, tx, input, vector);
    await guard?.store(tx, written);
    return written;
  });
  deps.changes.applyLocally({ kind: 'playbooks' });
  return created;
}

// created_at exactly as the repository writes it (microseconds, UTC), so PostgreSQL never sees a text it would refuse.
const CREATED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** The (created_at, id) of the last row of the page. */
const playbooksCursor = cursorCodec('playbooks', {
  created_at: z
    .string()
    .regex(CREATED_AT)
    .refine((t) => !Number.isNaN(Date.parse(t)) && new Date(t).toISOString().slice(0, 19) === t.slice(0, 19)),
  id: z.uuid(),
});

export interface PlaybookPage {
  playbooks: PlaybookRow[];
  next_cursor: string | null;
}

export async function listPlaybooks(deps: Pick<PlaybookDeps, 'database'>, limit: number, cursor?: string): Promise<PlaybookPage> {
  const after = cursor === undefined ? undefined : playbooksCursor.decode(cursor);
  const rows = await deps.database.read((db) => listPlaybookRows(db, limit + 1, after));
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    playbooks: page,
    next_cursor: rows.length > limit ? playbooksCursor.encode({ created_at: last.created_at, id: last.id }) : null,
  };
}

/** One playbook: where a record's `Location` points. */
export async function getPlaybook(deps: Pick<PlaybookDeps, 'database'>, id: string): Promise<PlaybookRow> {
  const row = await findPlaybookRow(deps.database.db, id);
  if (!row) throw new NotFound('playbook', id);
  return row;
}

export async function deletePlaybook(deps: PlaybookDeps, id: string): Promise<void> {
  const removed = await deps.database.db.transaction(async (tx) => {
    const ok = await deletePlaybookRow(tx, id);
    if (ok) await deps.changes.announce(tx, { kind: 'playbooks' });
    return ok;
  });
  if (!removed) throw new NotFound('playbook', id);
  deps.changes.applyLocally({ kind: 'playbooks' });
}

/**
 * Boost per worker from the playbooks similar enough to the query, in the order nearest_playbooks()
 * gives them: the records of the very request first, newest first, then the others by similarity;
 * the newest record of the request leads, repeats add less and less.
 */
export async function playbookBoosts(db: Executor, query: string, vector: VectorParam): Promise<Map<string, number>> {
  const boosts = new Map<string, number>();
  const similar = await nearestPlaybooks(db, vector, queryKey(query), PLAYBOOK_WALK);
  similar.forEach((p, rank) => {
    const lend = ((p.similarity - PLAYBOOK_SIMILARITY_THRESHOLD) / (1 - PLAYBOOK_SIMILARITY_THRESHOLD)) * PLAYBOOK_RANK_DECAY ** rank;
    for (const id of p.worker_ids) boosts.set(id, (boosts.get(id) ?? 0) + lend);
  });
  return boosts;
}
