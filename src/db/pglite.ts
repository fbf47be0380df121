import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import { type Database, type Executor, SESSION_SETTINGS, withBackend } from './database.ts';
import { lockDataDir } from './lock.ts';
import * as schema from './schema.ts';

/** Embedded PGlite in `dataDir` (or in memory for `memory://`), locked against a second process. */
export async function openPglite(dataDir: string): Promise<Database> {
  // Loaded only here: PGlite's WASM runtime adds ~40 MB of RSS a PostgreSQL-backed process never uses.
  const [{ PGlite }, { btree_gist }, { vector }, { drizzle: drizzlePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/btree_gist'),
    import('@electric-sql/pglite-pgvector'),
    import('drizzle-orm/pglite'),
  ]);
  const dir = dataDir === 'memory://' ? dataDir : resolve(join(dataDir, 'pglite'));
  let unlock = async () => {};
  if (dir !== 'memory://') {
    mkdirSync(dir, { recursive: true });
    unlock = await lockDataDir(dir, `${dir}.lock`);
  }
  let client: PGlite;
  try {
    client = await PGlite.create(dir === 'memory://' ? undefined : dir, { extensions: { vector, btree_gist } });
    for (const [name, value] of Object.entries(SESSION_SETTINGS)) await client.query('SELECT set_config($1, $2, false)', [name, value]);
  } catch (err) {
    await unlock();
    throw err;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Executor;
  return withBackend(
    {
      kind: 'pglite',
      embedded: true,
      db,
      poolFigures: () => ({ total: 1, idle: 0, waiting: 0 }),
      read: (fn) => fn(db),
      replicaStatus: () => undefined,
      noteRemoteWrite: () => {},
      async listen(channel, onPayload) {
        return client.listen(channel, onPayload);
      },
      async close() {
        if (!client.closed) await client.close();
        await unlock();
      },
    },
    { kind: 'pglite', client },
  );
}
