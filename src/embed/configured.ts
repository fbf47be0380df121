import type { Config } from '../config.ts';
import type { Embedder } from './embedder.ts';
import { createHashEmbedder } from './hash.ts';
import { createOllamaEmbedder } from './ollama.ts';

/** The embedder EMBEDDER names. */
export function configuredEmbedder(config: Pick<Config, 'EMBEDDER' | 'OLLAMA_HOST' | 'OLLAMA_MODEL'>): Embedder {
  return config.EMBEDDER === 'ollama'
    ? createOllamaEmbedder({ host: config.OLLAMA_HOST, model: config.OLLAMA_MODEL })
    : createHashEmbedder();
}
