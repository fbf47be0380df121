import type { Config } from '../config.ts';
import type { ChangeFeed } from '../db/notify.ts';
import type { Database } from '../db/open.ts';
import type { EmbeddingCache } from '../embed/cache.ts';
import type { Embedder } from '../embed/embedder.ts';
import type { ResultCache } from '../matrix/resultCache.ts';
import type { AnswerJson } from '../matrix/search.ts';
import type { CorpusVocabulary } from '../matrix/understanding/corpusVocabulary.ts';

/** What buildApp is given. Tests build the same app with a temporary database. */
export interface AppDeps {
  config: Config;
  database: Database;
  embedder: Embedder;
  clock?: () => Date;
  /** The built console (default `dist/web` under the project root). */
  consoleDir?: string;
  /** Where logs go instead of stdout (tests read them). */
  logStream?: NodeJS.WritableStream;
}

/** What the routes hand to the domain modules: the deps plus the per-app caches and change feed. */
export interface AppContext extends AppDeps {
  clock: () => Date;
  embeddings: EmbeddingCache;
  changes: ChangeFeed;
  results: ResultCache<AnswerJson>;
  vocabulary: CorpusVocabulary;
}
