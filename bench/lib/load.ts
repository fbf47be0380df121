import type { EventEmitter } from 'node:events';
import autocannon from 'autocannon';
import { latency, type Latency } from './stats.ts';

export interface LoadSpec {
  url: string;
  path: string;
  connections: number;
  seconds: number;
  /** Body of the i-th request (0-based, across all connections). */
  body: (i: number) => unknown;
  /** Sees every response body (autocannon then keeps bodies, a little extra work per request). */
  onBody?: (status: number, body: string) => void;
}

export interface LoadResult {
  /** 2xx responses per second over the run. */
  qps: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statuses: Record<string, number>;
  latency: Latency;
}

/**
 * One autocannon run of JSON POSTs. Latencies come from autocannon's
 * per-response event in fractional ms (its histogram keeps whole ms, too
 * coarse for sub-millisecond cache hits).
 */
export async function loadRun(spec: LoadSpec): Promise<LoadResult> {
  let sent = 0;
  const okMs: number[] = [];
  const statuses: Record<string, number> = {};
  const run = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.seconds,
    requests: [
      {
        method: 'POST',
        path: spec.path,
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify(spec.body(sent++)) }),
        ...(spec.onBody ? { onResponse: (status: number, body: string) => spec.onBody!(status, body) } : {}),
      },
    ],
  }) as unknown as Promise<autocannon.Result> & EventEmitter;
  run.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    statuses[status] = (statuses[status] ?? 0) + 1;
    if (status >= 200 && status < 300) okMs.push(ms);
  });
  const result = await run;
  return {
    qps: okMs.length / result.duration,
    ok: okMs.length,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statuses,
    latency: latency(okMs),
  };
}
