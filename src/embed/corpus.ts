import type { Executor } from '../db/open.ts';
import { claimEmptyCorpus, recordCorpusOwner } from './corpusRepository.ts';
import type { Embedder } from './embedder.ts';

export class CorpusEmbedderMismatch extends Error {
  constructor(stored: string, configured: string) {
    super(
      `the corpus was embedded by "${stored}" but this start uses "${configured}". ` +
        `Either start with the embedder that built it (EMBEDDER=${stored.startsWith('ollama:') ? 'ollama' : 'hash'}), ` +
        `or re-embed every worker and playbook with the new one: \`EMBEDDER=<new> npm run reembed\`.`,
    );
    this.name = 'CorpusEmbedderMismatch';
  }
}

/** Claims an empty corpus for this embedder, or refuses one built by another. */
export async function ensureCorpusEmbedder(db: Executor, embedder: Embedder): Promise<void> {
  const meta = await claimEmptyCorpus(db, { embedder: embedder.id, dimension: embedder.dim });
  if (meta.embedder !== embedder.id || meta.dimension !== embedder.dim) {
    throw new CorpusEmbedderMismatch(meta.embedder, embedder.id);
  }
}

/** After a full re-embed: the corpus now belongs to `embedder`. */
export async function claimCorpus(db: Executor, embedder: Embedder): Promise<void> {
  await recordCorpusOwner(db, { embedder: embedder.id, dimension: embedder.dim });
}
