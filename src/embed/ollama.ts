import { Ollama } from 'ollama';
import { EMBEDDING_DIM, EmbedderUnavailable, type Embedder } from './embedder.ts';

export interface OllamaEmbedderOptions {
  host: string;
  model: string;
  timeoutMs?: number;
  batchSize?: number;
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_BATCH_SIZE = 64;

export function createOllamaEmbedder(opts: OllamaEmbedderOptions): Embedder {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const batchSize = opts.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${timeoutMs}`);
  const client = new Ollama({ host: opts.host, fetch: fetchWithTimeout(opts.fetch ?? fetch, timeoutMs) });

  const embedBatch = async (input: string[]): Promise<number[][]> => {
    try {
      const response = await client.embed({ model: opts.model, input });
      return checkedVectors(response.embeddings, input.length, opts.model);
    } catch (error) {
      throw unavailableError(error, opts.host, opts.model, timeoutMs);
    }
  };

  const embed = async (texts: string[]): Promise<number[][]> => {
    const vectors: number[][] = [];
    for (const batch of batches(texts, batchSize)) vectors.push(...(await embedBatch(batch)));
    return vectors;
  };

  return {
    id: `ollama:${opts.model}`,
    dim: EMBEDDING_DIM,
    embed,
    ready: async () => {
      await embed(['ready']);
    },
  };
}

// ollama-js 0.6 passes no AbortSignal for embed(), so the deadline goes on every fetch it makes;
// the signal stays attached to the response body, which bounds reading the answer as well.
function fetchWithTimeout(baseFetch: typeof fetch, timeoutMs: number): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return baseFetch(input, { ...init, signal });
  };
}

function batches<T>(items: T[], size: number): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += size) result.push(items.slice(i, i + size));
  return result;
}

function checkedVectors(embeddings: unknown, expected: number, model: string): number[][] {
  if (!Array.isArray(embeddings) || embeddings.length !== expected) {
    const got = Array.isArray(embeddings) ? embeddings.length : 'no';
    throw new EmbedderUnavailable(`model ${model} returned ${got} embeddings for ${expected} inputs`);
  }
  return embeddings.map((vector: unknown) => unitVector(vector, model));
}

// The server's normalisation is not part of its contract, and cosine search needs unit vectors.
function unitVector(vector: unknown, model: string): number[] {
  if (!Array.isArray(vector) || vector.length !== EMBEDDING_DIM) {
    const dimension = Array.isArray(vector) ? vector.length : 'no';
    throw new EmbedderUnavailable(
      `model ${model} returns ${dimension}-dimensional embeddings; this service needs ${EMBEDDING_DIM} (e.g. nomic-embed-text)`,
    );
  }
  const norm = Math.hypot(...vector);
  if (!Number.isFinite(norm) || norm === 0) {
    throw new EmbedderUnavailable(`model ${model} returned an embedding that cannot be normalised (norm ${norm})`);
  }
  return vector.map((value: number) => value / norm);
}

function unavailableError(error: unknown, host: string, model: string, timeoutMs: number): EmbedderUnavailable {
  if (error instanceof EmbedderUnavailable) return error;
  if (isTimeout(error)) {
    return new EmbedderUnavailable(`Ollama at ${host} did not answer within ${timeoutMs} ms (model ${model})`, { cause: error });
  }
  const status = responseStatus(error);
  if (status === undefined) {
    return new EmbedderUnavailable(`Ollama is not reachable at ${host}: ${connectionReason(error)}; start it with \`ollama serve\``, {
      cause: error,
    });
  }
  if (status === 404 && /not found/i.test(errorMessage(error))) {
    return new EmbedderUnavailable(`model ${model} is not available on ${host}; run \`ollama pull ${model}\``, { cause: error });
  }
  return new EmbedderUnavailable(`Ollama at ${host} failed to embed with model ${model}: HTTP ${status} ${errorMessage(error)}`, {
    cause: error,
  });
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || (error.cause instanceof Error && error.cause.name === 'TimeoutError'));
}

/** ollama-js throws a ResponseError (not exported) carrying the HTTP status for any non-2xx answer. */
function responseStatus(error: unknown): number | undefined {
  if (error instanceof Error && error.name === 'ResponseError' && 'status_code' in error) {
    return typeof error.status_code === 'number' ? error.status_code : undefined;
  }
  return undefined;
}

/** undici reports "fetch failed" and keeps the useful part (ECONNREFUSED ...) in the cause. */
function connectionReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (!(cause instanceof Error)) return errorMessage(error);
  const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
  // Happy-eyeballs failures arrive as an AggregateError with an empty message and one error per address.
  const message = cause instanceof AggregateError && !cause.message ? cause.errors.map(errorMessage).join('; ') : cause.message;
  if (!code || message.includes(code)) return message || errorMessage(error);
  return message ? `${code} ${message}` : code;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
