import type { FillTarget } from './workflow.ts';

export interface Target {
  origin: string;
  basePath: string;
  headers: Record<string, string>;
}

export interface CorpusSample {
  sampled: number;
  targets: FillTarget[];
}

const PAGE = 1000;

async function getJson(target: Target, path: string): Promise<any> {
  const url = `${target.origin}${target.basePath}${path}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: target.headers, signal: AbortSignal.timeout(30_000) });
  } catch (error) {
    throw new Error(`GET ${url}: ${(error as Error).cause ?? (error as Error).message}`);
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Fails with the reason when the service is not up and ready to serve. */
export async function ensureReady(target: Target): Promise<void> {
  await getJson(target, '/health');
  await getJson(target, '/ready');
}

/**
 * City/state/role combinations with at least two active workers among the first
 * pages of the worker list (a random sample for a generated corpus): what
 * surge_fill_validate can order without proposing the impossible.
 */
export async function sampleCorpus(target: Target, maxWorkers = 5000): Promise<CorpusSample> {
  const counts = new Map<string, FillTarget>();
  let sampled = 0;
  let cursor: string | null = null;
  do {
    const query: string = `/v1/workers?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const page = await getJson(target, query);
    for (const w of page.workers as { city: string; state: string; role: string; status: string }[]) {
      sampled++;
      if (w.status !== 'active') continue;
      const key = `${w.city}|${w.state}|${w.role}`.toLowerCase();
      const entry = counts.get(key) ?? { city: w.city, state: w.state, role: w.role, workers: 0 };
      entry.workers++;
      counts.set(key, entry);
    }
    cursor = page.next_cursor;
  } while (cursor && sampled < maxWorkers);
  const targets = [...counts.values()].filter((t) => t.workers >= 2).sort((a, b) => b.workers - a.workers);
  return { sampled, targets };
}
