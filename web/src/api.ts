import type { ApiErrorBody } from './types.ts';

const KEY_SLOT = 'staffing-console.key';

/** The API key lives in this tab's sessionStorage only: never in a URL, never in localStorage. */
export const apiKey = {
  get: (): string => sessionStorage.getItem(KEY_SLOT) ?? '',
  set: (key: string) => sessionStorage.setItem(KEY_SLOT, key),
  clear: () => sessionStorage.removeItem(KEY_SLOT),
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly retryAfter?: string,
  ) {
    super(message);
  }
}

/** A sentence a coordinator can act on, for any failed call. */
export function explain(err: unknown): string {
  if (!(err instanceof ApiError)) return `The service could not be reached (${err instanceof Error ? err.message : String(err)}).`;
  switch (err.status) {
    case 401:
      return `The service needs a valid API key (401): ${err.message}. Enter the key your operator gave you.`;
    case 403:
      return `Your key may not do this (403): ${err.message}. An operator key is needed here.`;
    case 429:
      return `Too many requests from this key (429); try again in ${err.retryAfter ?? 'a few'} s.`;
    case 503:
      return `The service is busy or starting (503); try again in ${err.retryAfter ?? 'a few'} s.`;
    default:
      return `${err.message} (${err.status} ${err.code})`;
  }
}

/** Listeners told when the key is missing or refused, so the page can ask for one. */
const onUnauthorized = new Set<() => void>();
export const whenUnauthorized = (fn: () => void) => {
  onUnauthorized.add(fn);
  return () => onUnauthorized.delete(fn);
};

export async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const key = apiKey.get();
  const res = await fetch(path, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  const json = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const e = (json as ApiErrorBody | undefined)?.error;
    if (res.status === 401) for (const fn of onUnauthorized) fn();
    throw new ApiError(
      res.status,
      e?.code ?? 'error',
      e?.message ?? res.statusText,
      e?.details,
      res.headers.get('retry-after') ?? undefined,
    );
  }
  return json as T;
}
