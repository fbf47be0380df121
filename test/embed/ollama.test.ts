import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EMBEDDING_DIM, EmbedderUnavailable } from '../../src/embed/embedder.ts';
import { createOllamaEmbedder } from '../../src/embed/ollama.ts';

const MODEL_DIMS: Record<string, number> = { 'nomic-embed-text': EMBEDDING_DIM, 'all-minilm': 384 };

interface EmbedCall {
  model: string;
  input: string[];
}

interface FakeServer {
  host: string;
  calls: EmbedCall[];
  close(): Promise<void>;
}

/** Unnormalised on purpose: the first component carries the number in the text, the rest are 2. */
function fakeVector(text: string, dim: number): number[] {
  const vector = new Array<number>(dim).fill(2);
  vector[0] = Number(/\d+/.exec(text)?.[0] ?? 0) + 1;
  return vector;
}

async function readJson(request: IncomingMessage): Promise<EmbedCall> {
  let body = '';
  for await (const chunk of request) body += chunk;
  return JSON.parse(body) as EmbedCall;
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

async function answerLikeOllama(calls: EmbedCall[], request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'POST' || request.url !== '/api/embed') return sendJson(response, 404, { error: 'not found' });
  const call = await readJson(request);
  calls.push(call);
  const dim = MODEL_DIMS[call.model];
  if (dim === undefined) return sendJson(response, 404, { error: `model "${call.model}" not found, try pulling it first` });
  sendJson(response, 200, {
    model: call.model,
    embeddings: call.input.map((text) => fakeVector(text, dim)),
    total_duration: 1000,
    load_duration: 10,
    prompt_eval_count: call.input.length,
  });
}

async function startServer(answers = true): Promise<FakeServer> {
  const calls: EmbedCall[] = [];
  const server = createServer((request, response) => {
    if (answers) void answerLikeOllama(calls, request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host: `http://127.0.0.1:${port}`,
    calls,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

async function closedPortHost(): Promise<string> {
  const server = await startServer();
  await server.close();
  return server.host;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof Error);
    return error;
  }
  assert.fail('expected a rejection');
}

test('150 inputs with batchSize 64 go out as 3 requests and come back in order, normalised', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const embedder = createOllamaEmbedder({ host: server.host, model: 'nomic-embed-text', batchSize: 64 });
  const texts = Array.from({ length: 150 }, (_, i) => `worker ${i}`);

  const vectors = await embedder.embed(texts);

  assert.deepEqual(
    server.calls.map((call) => call.input.length),
    [64, 64, 22],
  );
  assert.deepEqual(
    server.calls.flatMap((call) => call.input),
    texts,
  );
  assert.equal(vectors.length, 150);
  vectors.forEach((vector, i) => {
    assert.equal(vector.length, EMBEDDING_DIM);
    assert.ok(Math.abs(vector[0] / vector[1] - (i + 1) / 2) < 1e-9, `vector ${i} out of order`);
  });
});

test('vectors are L2-normalised whatever the server sends', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const embedder = createOllamaEmbedder({ host: server.host, model: 'nomic-embed-text' });

  const [vector] = await embedder.embed(['worker 41']);

  const norm = Math.hypot(...vector);
  assert.ok(Math.abs(norm - 1) < 1e-9, `norm ${norm}`);
  assert.equal(server.calls[0].model, 'nomic-embed-text');
});

test('id names the model, dim is the contract dimension, an empty batch sends nothing', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const embedder = createOllamaEmbedder({ host: server.host, model: 'nomic-embed-text' });

  assert.equal(embedder.id, 'ollama:nomic-embed-text');
  assert.equal(embedder.dim, EMBEDDING_DIM);
  assert.deepEqual(await embedder.embed([]), []);
  assert.equal(server.calls.length, 0);
});

test('ready() embeds one text, so it checks server and model', async (t) => {
  const server = await startServer();
  t.after(() => server.close());

  await createOllamaEmbedder({ host: server.host, model: 'nomic-embed-text' }).ready();
  assert.equal(server.calls.length, 1);

  const error = await rejection(createOllamaEmbedder({ host: server.host, model: 'nope' }).ready());
  assert.ok(error instanceof EmbedderUnavailable);
});

test('a model with another dimension is refused, naming the model and the dimension', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const embedder = createOllamaEmbedder({ host: server.host, model: 'all-minilm' });

  const error = await rejection(embedder.embed(['forklift']));

  assert.ok(error instanceof EmbedderUnavailable);
  assert.match(error.message, /all-minilm/);
  assert.match(error.message, /384/);
  assert.match(error.message, /768/);
});

test('a missing model says how to pull it', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const embedder = createOllamaEmbedder({ host: server.host, model: 'nope' });

  const error = await rejection(embedder.embed(['forklift']));

  assert.ok(error instanceof EmbedderUnavailable);
  assert.equal(error.message, `model nope is not available on ${server.host}; run \`ollama pull nope\``);
});

test('an unreachable server says how to start Ollama', async () => {
  const host = await closedPortHost();
  const embedder = createOllamaEmbedder({ host, model: 'nomic-embed-text' });

  const error = await rejection(embedder.embed(['forklift']));

  assert.ok(error instanceof EmbedderUnavailable);
  assert.ok(error.message.startsWith(`Ollama is not reachable at ${host}: `), error.message);
  assert.match(error.message, /ECONNREFUSED/);
  assert.match(error.message, /start it with `ollama serve`/);
});

test('a server that never answers is given up on after timeoutMs', async (t) => {
  const server = await startServer(false);
  t.after(() => server.close());
  const embedder = createOllamaEmbedder({ host: server.host, model: 'nomic-embed-text', timeoutMs: 200 });

  const started = Date.now();
  const error = await rejection(embedder.embed(['forklift']));
  const elapsed = Date.now() - started;

  assert.ok(error instanceof EmbedderUnavailable);
  assert.match(error.message, /did not answer within 200 ms/);
  // A loose bound: it only has to tell the 200 ms deadline from the 30 s default.
  assert.ok(elapsed < 2000, `gave up after ${elapsed} ms`);
});

test('a custom fetch is used for every request', async (t) => {
  const server = await startServer();
  t.after(() => server.close());
  const urls: string[] = [];
  const countingFetch: typeof fetch = (input, init) => {
    urls.push(String(input));
    return fetch(input, init);
  };
  const embedder = createOllamaEmbedder({ host: server.host, model: 'nomic-embed-text', batchSize: 2, fetch: countingFetch });

  await embedder.embed(['a', 'b', 'c']);

  assert.deepEqual(urls, [`${server.host}/api/embed`, `${server.host}/api/embed`]);
});
