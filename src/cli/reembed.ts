import { asc, eq, gt, sql } from 'drizzle-orm';
import { claimCorpus } from '../embed/corpus.ts';
import { CHANGES_CHANNEL } from '../db/notify.ts';
import { playbooks, workers } from '../db/schema.ts';
import { parseCommandLine } from './args.ts';
import { openRuntime, runMain } from './runtime.ts';

const USAGE = `usage: npm run reembed [-- --help]

Re-embeds every worker profile and playbook query with the embedder the
environment configures (EMBEDDER, OLLAMA_HOST, OLLAMA_MODEL) and records it as
the corpus's embedder. Run once after changing the embedder; takes minutes on
100k workers.`;

const BATCH = 500;

/**
 * Re-embeds every worker profile and playbook query with the configured
 * embedder, then records it as the corpus owner. Used after changing EMBEDDER
 * or OLLAMA_MODEL; the service refuses to start on a mismatched corpus.
 */
runMain(async () => {
  parseCommandLine({ usage: USAGE, options: {} });
  const rt = await openRuntime({ checkEmbedder: false });
  const { db } = rt.database;
  const started = Date.now();
  try {
    let after = '';
    let done = 0;
    for (;;) {
      const rows = await db.select({ id: workers.id, profile: workers.profile }).from(workers)
        .where(gt(workers.id, after)).orderBy(asc(workers.id)).limit(BATCH);
      if (!rows.length) break;
      const vectors = await rt.embedder.embed(rows.map((r) => r.profile));
      await db.transaction(async (tx) => {
        for (const [i, r] of rows.entries()) await tx.update(workers).set({ embedding: vectors[i] }).where(eq(workers.id, r.id));
      });
      done += rows.length;
      after = rows[rows.length - 1].id;
      process.stderr.write(`\rre-embedded ${done} workers (${(done / ((Date.now() - started) / 1000)).toFixed(0)}/s)`);
    }
    const books = await db.select({ id: playbooks.id, query: playbooks.query }).from(playbooks);
    for (let i = 0; i < books.length; i += BATCH) {
      const slice = books.slice(i, i + BATCH);
      const vectors = await rt.embedder.embed(slice.map((b) => b.query));
      for (const [j, b] of slice.entries()) await db.update(playbooks).set({ embedding: vectors[j] }).where(eq(playbooks.id, b.id));
    }
    await claimCorpus(db, rt.embedder);
    await db.execute(sql`SELECT pg_notify(${CHANGES_CHANNEL}, '{"kind":"workers","places":"all"}')`);
    process.stderr.write(`\nre-embedded ${done} workers and ${books.length} playbooks with ${rt.embedder.id} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  } finally {
    await rt.database.close();
  }
});
