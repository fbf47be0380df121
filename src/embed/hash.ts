import { EMBEDDING_DIM, type Embedder } from './embedder.ts';

const WORD_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.6;
const TRIGRAM_WEIGHT = 0.3;

const WORD_SEED = 0x811c9dc5;
const BIGRAM_SEED = 0x9e3779b9;
const TRIGRAM_SEED = 0x85ebca6b;

const TOKEN_PATTERN = /[\p{L}\p{N}]+/gu;
const DIACRITICS = /\p{M}+/gu;
const BOUNDARY_START = 0x5e; // '^'
const BOUNDARY_END = 0x24; // '$'
const WORD_SEPARATOR = 0x20;

// Words that carry no matching signal; dropping them keeps "Operator in Dallas" close to "operator dallas".
const STOP_WORDS = new Set(['a', 'an', 'and', 'at', 'for', 'in', 'of', 'on', 'or', 'the', 'to', 'with']);

/** Offline, deterministic embedder: signed feature hashing of words, word bigrams and character 3-grams. */
export function createHashEmbedder(): Embedder {
  return {
    id: 'hash-v1',
    dim: EMBEDDING_DIM,
    embed: async (texts) => texts.map(hashVector),
    ready: async () => {},
  };
}

export function hashVector(text: string): number[] {
  const tokens = wordTokens(text);
  if (tokens.length === 0) return Array.from(fallbackVector());
  const sums = new Float64Array(EMBEDDING_DIM);
  addWords(sums, tokens);
  addBigrams(sums, tokens);
  for (const token of tokens) addTrigrams(sums, token);
  return unitVector(sums) ?? Array.from(fallbackVector());
}

export function wordTokens(text: string): string[] {
  const folded = text.normalize('NFKD').replace(DIACRITICS, '').toLowerCase();
  const tokens = folded.match(TOKEN_PATTERN) ?? [];
  return tokens.filter((token) => !STOP_WORDS.has(token));
}

function addWords(sums: Float64Array, tokens: string[]): void {
  for (const token of tokens) addFeature(sums, fnv1a(WORD_SEED, token), WORD_WEIGHT);
}

function addBigrams(sums: Float64Array, tokens: string[]): void {
  for (let i = 1; i < tokens.length; i++) {
    const left = fnvByte(fnv1a(BIGRAM_SEED, tokens[i - 1]), WORD_SEPARATOR);
    addFeature(sums, fnv1a(left, tokens[i]), BIGRAM_WEIGHT);
  }
}

/** 3-grams of "^token$", hashed from char codes so no substring is allocated. */
function addTrigrams(sums: Float64Array, token: string): void {
  const paddedLength = token.length + 2;
  for (let start = 0; start + 3 <= paddedLength; start++) {
    let hash = TRIGRAM_SEED;
    for (let i = start; i < start + 3; i++) hash = fnvByte(hash, paddedCharCode(token, i));
    addFeature(sums, hash, TRIGRAM_WEIGHT);
  }
}

function paddedCharCode(token: string, index: number): number {
  if (index === 0) return BOUNDARY_START;
  if (index === token.length + 1) return BOUNDARY_END;
  return token.charCodeAt(index - 1);
}

/** Low 31 bits of the mixed hash pick the bucket, the top bit picks the sign. */
function addFeature(sums: Float64Array, hash: number, weight: number): void {
  const mixed = fmix32(hash);
  const bucket = (mixed & 0x7fffffff) % EMBEDDING_DIM;
  sums[bucket] += mixed >>> 31 === 1 ? -weight : weight;
}

function fnv1a(seed: number, text: string): number {
  let hash = seed;
  for (let i = 0; i < text.length; i++) hash = fnvByte(hash, text.charCodeAt(i));
  return hash;
}

function fnvByte(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

/** murmur3's finaliser: FNV-1a alone leaves the low bits poorly mixed. */
function fmix32(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function unitVector(sums: Float64Array): number[] | undefined {
  let squares = 0;
  for (let i = 0; i < sums.length; i++) squares += sums[i] * sums[i];
  if (squares === 0) return undefined;
  const scale = 1 / Math.sqrt(squares);
  const vector = new Array<number>(sums.length);
  for (let i = 0; i < sums.length; i++) vector[i] = sums[i] * scale;
  return vector;
}

// pgvector's cosine distance is NaN for a zero vector, so text without words still gets a unit vector;
// spreading it evenly keeps it about equally far from every real profile.
function fallbackVector(): Float64Array {
  return new Float64Array(EMBEDDING_DIM).fill(1 / Math.sqrt(EMBEDDING_DIM));
}
