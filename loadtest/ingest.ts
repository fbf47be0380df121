import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { readWorkersFile } from '../src/workers/files.ts';
import type { Target } from './corpus.ts';

/**
 * Ingest under load. The service has no bulk-load endpoint: an operator loads a
 * file with `npm run ingest -- --file F` against the service's DATABASE_URL, and
 * that is what runs here, as a child process, so the load sees exactly what an
 * operator's bulk load does to it (COPY into a staging table, one merge
 * transaction, the HNSW index maintained or rebuilt, ANALYZE).
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SUMMARY = /ingested (\d+) rows in ([\d.]+) s \((\d+) rows\/s.*; (\d+) bad rows skipped/;

export interface IngestOutcome {
  rows: number;
  seconds: number;
  rowsPerS: number;
  bad: number;
  /** Why the ingest process failed, or null. */
  error: string | null;
  /** The ingest's summary line (or its last lines when it failed). */
  output: string;
}

/**
 * The compiled CLI when the build is at least as new as its source (what `npm start` deployments
 * have; it starts in a fraction of the time), else the source under tsx (`npm run ingest`).
 */
export function ingestCommand(root = ROOT): string[] {
  const built = join(root, 'dist/src/cli/ingest.js');
  const source = join(root, 'src/cli/ingest.ts');
  if (existsSync(built) && statSync(built).mtimeMs >= statSync(source).mtimeMs) return [built];
  return ['--import', 'tsx', source];
}

/**
 * Runs the ingest CLI on `file` into `databaseUrl`; resolves when it exits. `onLoading` is called when
 * it starts reading the file (after its start-up: config, migrations check, embedder), which is
 * where the ingest window begins.
 */
export function runIngest(file: string, databaseUrl: string, onLoading: () => void = () => {}): Promise<IngestOutcome> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...ingestCommand(), '--file', resolve(file)], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let tail = '';
    let loading = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-4000);
      if (!loading && tail.includes('ingesting ')) {
        loading = true;
        onLoading();
      }
    });
    const finish = (error: string | null) => {
      const match = SUMMARY.exec(tail);
      const lines = tail.trim().split('\n');
      done({
        rows: match ? Number(match[1]) : 0,
        seconds: match ? Number(match[2]) : 0,
        rowsPerS: match ? Number(match[3]) : 0,
        bad: match ? Number(match[4]) : 0,
        error: error ?? (match ? null : 'no summary line from the ingest'),
        output: match ? match[0] : lines.slice(-3).join(' | '),
      });
    };
    child.on('error', (err) => finish(`could not start the ingest: ${err.message}`));
    child.on('exit', (code, signal) => finish(code === 0 ? null : `the ingest exited with ${signal ?? `code ${code}`}`));
  });
}

export interface FileWorker {
  id: string;
  name: string;
  role: string;
  city: string;
  state: string;
}

/** Every worker id in the file, and `sample` workers spread evenly over it for the search check. */
export async function fileWorkers(file: string, sample: number): Promise<{ ids: string[]; sample: FileWorker[] }> {
  const all: FileWorker[] = [];
  for await (const record of readWorkersFile(file)) {
    const w = record.raw as Partial<FileWorker> | undefined;
    if (!record.error && w && typeof w.id === 'string') {
      all.push({ id: w.id, name: String(w.name), role: String(w.role), city: String(w.city), state: String(w.state) });
    }
  }
  const step = Math.max(1, all.length / sample);
  const picked: FileWorker[] = [];
  for (let i = 0; i < all.length && picked.length < sample; i += step) picked.push(all[Math.floor(i)]);
  return { ids: [...new Set(all.map((w) => w.id))], sample: picked };
}

/** A search an operator would type to find this worker: name, role and place. */
const searchText = (w: FileWorker) => `${w.name} ${w.role.toLowerCase()} in ${w.city}, ${w.state}`;

async function search(target: Target, w: FileWorker): Promise<string[]> {
  const response = await fetch(`${target.origin}${target.basePath}/v1/matrix/search`, {
    method: 'POST',
    headers: { ...target.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ query: searchText(w), k: 10 }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = (await response.json()) as { results?: { id: string }[] };
  return (body.results ?? []).map((r) => r.id);
}

/**
 * Asks each sampled worker's search once before the ingest. The answers (without
 * them) go into the service's result cache, so the check afterwards also proves
 * the bulk load's commit reached the cache (LISTEN/NOTIFY): a stale cached
 * answer would miss the new workers.
 */
export async function warmSearches(target: Target, sample: FileWorker[]): Promise<void> {
  for (const w of sample) await search(target, w).catch((): string[] => []);
}

export interface Searchable {
  expected: number;
  in_database: number;
  checked: number;
  found: number;
  misses: string[];
}

/** Every id of the file in the database with an embedding, and each sampled worker in the top 10 of its search. */
export async function checkSearchable(target: Target, pgUrl: string, ids: string[], sample: FileWorker[]): Promise<Searchable> {
  const client = new pg.Client({ connectionString: pgUrl, application_name: 'staffing-matrix-loadtest' });
  await client.connect();
  let inDatabase: number;
  try {
    const { rows } = await client.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM workers WHERE id = ANY($1) AND embedding IS NOT NULL',
      [ids],
    );
    inDatabase = rows[0].n;
  } finally {
    await client.end();
  }
  const misses: string[] = [];
  for (const w of sample) {
    const found = await search(target, w).catch((): string[] => []);
    if (!found.includes(w.id)) misses.push(w.id);
  }
  return {
    expected: ids.length,
    in_database: inDatabase,
    checked: sample.length,
    found: sample.length - misses.length,
    misses: misses.slice(0, 20),
  };
}
