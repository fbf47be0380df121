/** JSON over HTTP to the running service; a non-2xx answer is an error with its body. */
export async function requestJson<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(url, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${url} -> ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

/** Fails early, with the command to run, when nothing answers on `base`. */
export async function requireService(base: string): Promise<void> {
  try {
    await requestJson(`${base}/health`);
  } catch (err) {
    throw new Error(`no service at ${base} (${(err as Error).message}); start it: DATABASE_URL=... PORT=3300 LOG_LEVEL=warn npm start`);
  }
}

export interface SearchHit {
  id: string;
  similarity: number;
}
export interface SearchAnswer {
  results: SearchHit[];
  cache: { embedding: string; results: string };
  took_ms: number;
}
