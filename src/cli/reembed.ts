import { openChangeFeed } from '../db/notify.ts';
import { reembedCorpus } from '../embed/reembed.ts';
import { parseCommandLine } from './args.ts';
import { openRuntime, runMain } from './runtime.ts';

const USAGE = `usage: npm run reembed [-- --help]

Re-embeds every worker profile and playbook query with the embedder the
environment configures (EMBEDDER, OLLAMA_HOST, OLLAMA_MODEL) and records it as
the corpus's embedder. Run once after changing the embedder; takes minutes on
100k workers.`;

/** Run after changing EMBEDDER or OLLAMA_MODEL: the service refuses to start on a corpus another embedder built. */
runMain(async () => {
  parseCommandLine({ usage: USAGE, options: {} });
  const rt = await openRuntime({ checkEmbedder: false });
  // Running services cache answers and playbook boosts made with the old vectors: the change feed tells them.
  const changes = rt.database.embedded ? undefined : await openChangeFeed(rt.database);
  const started = Date.now();
  try {
    const done = await reembedCorpus({ ...rt, changes }, (n) =>
      process.stderr.write(`\rre-embedded ${n} workers (${(n / ((Date.now() - started) / 1000)).toFixed(0)}/s)`),
    );
    process.stderr.write(
      `\nre-embedded ${done.workers} workers and ${done.playbook_texts} playbook request texts with ${rt.embedder.id} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
  } finally {
    await changes?.close();
    await rt.database.close();
  }
});
