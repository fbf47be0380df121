import { LRUCache } from 'lru-cache';
import { queryKey } from '../matrix/queryKey.ts';
import type { Embedder } from './embedder.ts';

export interface CachedEmbedding {
  /** float4 like the column it is compared with: half the memory of a number[], and the same distances. Shared: never write to it. */
  vector: Readonly<Float32Array>;
  hit: boolean;
}

export interface EmbeddingCacheStats {
  hits: number;
  misses: number;
  size: number;
  capacity: number;
}

// 2,000 x 768 float4 = 6 MB: a workflow repeats a text within seconds (swap, replay, repeats), and the
// result cache answers exact repeats for 5 minutes; 5,000 (15 MB) took the service past 200 MB RSS.
const DEFAULT_CAPACITY = 2_000;

/** LRU of query embeddings (lru-cache); concurrent misses for one text share a single embed call. */
export class EmbeddingCache {
  readonly embedder: Embedder;
  readonly capacity: number;
  // lru-cache's fetch() shares an in-flight fetchMethod call between callers of one key.
  private readonly vectors: LRUCache<string, Float32Array>;
  private hits = 0;
  private misses = 0;

  constructor(embedder: Embedder, capacity = DEFAULT_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.embedder = embedder;
    this.capacity = capacity;
    this.vectors = new LRUCache({ max: capacity, fetchMethod: (key) => this.embedKey(key) });
  }

  async get(text: string): Promise<CachedEmbedding> {
    const status: LRUCache.Status<string, Float32Array> = {};
    const vector = await this.vectors.fetch(queryKey(text), { status });
    // A caller that joins an in-flight embed still waited for the embedder, so it counts as a miss.
    const hit = status.fetch === 'hit';
    if (hit) this.hits++;
    else this.misses++;
    return { vector: vector!, hit };
  }

  /** Bulk embedding (ingest, worker writes) bypasses the cache: those texts are rarely asked again. */
  embedMany(texts: string[]): Promise<number[][]> {
    return this.embedder.embed(texts);
  }

  stats(): EmbeddingCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.vectors.size, capacity: this.capacity };
  }

  // The key, not the caller's spelling, is embedded: otherwise the cached vector would depend on
  // which variant of a query happened to arrive first.
  // Every caller shares the returned array: callers only read it.
  private async embedKey(key: string): Promise<Float32Array> {
    const [vector] = await this.embedder.embed([key]);
    if (!vector) throw new Error(`embedder ${this.embedder.id} returned no vector`);
    return Float32Array.from(vector);
  }
}
