import { Unavailable } from '../errors.ts';

/** Every embedder produces unit-length vectors of the embedding columns' size (nomic-embed-text's 768). */
export { EMBEDDING_DIM } from '../db/schema.ts';

export interface Embedder {
  /** Recorded in corpus_meta; a corpus built by one id is refused by another. */
  readonly id: string;
  readonly dim: number;
  /** One vector per input text, same order, each of length `dim`, L2-normalised. */
  embed(texts: string[]): Promise<number[][]>;
  /** Resolves when the embedder can answer (model present, server reachable). */
  ready(): Promise<void>;
}

/** 503 like any Unavailable; its message names the embedder's host, so the client reads a fixed one. */
export class EmbedderUnavailable extends Unavailable {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, 5, { ...options, clientMessage: 'the embedding service is unavailable; retry shortly' });
  }
}
