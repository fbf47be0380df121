import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'drizzle-orm';
import { type Executor, rowsOf } from '../../src/db/open.ts';

export interface Route {
  key: string;
  method: string;
  template: string;
  hasId: boolean;
}
export interface HostileRequest {
  route: Route;
  id?: string;
  query?: string;
  payload?: string;
  headers?: Record<string, string>;
}

/** Every documented route, from the OpenAPI document the app builds from its own schemas. */
export async function documentedRoutes(app: FastifyInstance): Promise<Route[]> {
  const doc = (await app.inject({ url: '/docs/json' })).json() as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(doc.paths)
    .filter(([path]) => !path.startsWith('/docs'))
    .flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => ({
        key: `${m.toUpperCase()} ${path}`,
        method: m.toUpperCase(),
        template: path,
        hasId: path.includes('{id}'),
      })),
    );
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Percent-encodes text (lone surrogates become U+FFFD, as UTF-8 does) or raw bytes, valid UTF-8 or not. */
export function percentEncode(input: string | Uint8Array): string {
  if (typeof input === 'string') return encodeURIComponent(input.replace(LONE_SURROGATE, '\ufffd'));
  return [...input].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
}

export function urlOf(req: HostileRequest): string {
  const path = req.route.template.replace('{id}', req.id ?? 'x');
  return req.query === undefined ? path : `${path}?${req.query}`;
}

/** What is wrong with an answer, if anything: a 5xx, or a 4xx without `{ error: { code, message } }`. */
export function problemOf(res: LightMyRequestResponse): string | undefined {
  if (res.statusCode >= 500) return `${res.statusCode} ${res.body.slice(0, 200)}`;
  if (res.statusCode >= 200 && res.statusCode < 300) return undefined;
  if (res.statusCode < 400) return `unexpected ${res.statusCode}`;
  try {
    const { error } = res.json();
    if (typeof error?.code === 'string' && typeof error?.message === 'string') return undefined;
  } catch {
    /* fall through */
  }
  return `${res.statusCode} without the error body: ${res.body.slice(0, 200)}`;
}

const decoded = (id = '') => {
  try {
    return decodeURIComponent(id);
  } catch {
    return id;
  }
};

/** The writes the service accepted (2xx): the only changes the database may show afterwards. */
export class Ledger {
  readonly workers = new Set<string>();
  readonly playbooksCreated = new Set<string>();
  readonly playbooksDeleted = new Set<string>();
  readonly fillsCreated = new Set<string>();
  readonly fillsCancelled = new Set<string>();
  accepted = 0;

  record(req: HostileRequest, res: LightMyRequestResponse): void {
    if (res.statusCode < 200 || res.statusCode >= 300 || req.route.method === 'GET') return;
    this.accepted++;
    const json = () => res.json() as { id: string; playbook_id?: string };
    switch (req.route.key) {
      case 'POST /v1/workers/batch':
        for (const w of JSON.parse(req.payload!).workers) this.workers.add(w.id);
        break;
      case 'PUT /v1/workers/{id}':
        this.workers.add(json().id);
        break;
      case 'DELETE /v1/workers/{id}':
        this.workers.add(decoded(req.id));
        break;
      case 'POST /v1/matrix/playbooks/record':
        this.playbooksCreated.add(json().id);
        break;
      case 'DELETE /v1/matrix/playbooks/{id}':
        this.playbooksDeleted.add(decoded(req.id));
        break;
      case 'POST /v1/fills':
        this.fillsCreated.add(json().id);
        if (json().playbook_id) this.playbooksCreated.add(json().playbook_id!);
        break;
      case 'DELETE /v1/fills/{id}':
        this.fillsCancelled.add(json().id);
        break;
      default:
        this.accepted--; // validators and search read only
    }
  }
}

export interface Snapshot {
  workers: Map<string, string>;
  playbooks: Set<string>;
  fills: Map<string, string>;
  assignments: Map<string, string>;
}

export async function snapshot(db: Executor): Promise<Snapshot> {
  const [workers, playbooks, fills, assignments] = await Promise.all([
    rowsOf<{ id: string; v: string }>(db, sql`SELECT id, updated_at::text AS v FROM workers`),
    rowsOf<{ id: string }>(db, sql`SELECT id::text AS id FROM playbooks`),
    rowsOf<{ id: string; v: string }>(db, sql`SELECT id::text AS id, status AS v FROM fills`),
    rowsOf<{ id: string; v: string }>(db, sql`SELECT fill_id::text || '|' || worker_id AS id, active::text AS v FROM fill_assignments`),
  ]);
  const map = (rows: { id: string; v: string }[]) => new Map(rows.map((r) => [r.id, r.v]));
  return { workers: map(workers), playbooks: new Set(playbooks.map((r) => r.id)), fills: map(fills), assignments: map(assignments) };
}

function changedKeys(a: Map<string, string>, b: Map<string, string>): string[] {
  return [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k));
}

/** Changes between two snapshots that no accepted write explains; empty when rejected writes changed nothing. */
export function unexplainedChanges(before: Snapshot, after: Snapshot, ledger: Ledger): string[] {
  const out: string[] = [];
  for (const id of changedKeys(before.workers, after.workers)) if (!ledger.workers.has(id)) out.push(`worker ${id}`);
  for (const id of after.playbooks) if (!before.playbooks.has(id) && !ledger.playbooksCreated.has(id)) out.push(`playbook ${id} added`);
  for (const id of before.playbooks) if (!after.playbooks.has(id) && !ledger.playbooksDeleted.has(id)) out.push(`playbook ${id} removed`);
  for (const id of ledger.playbooksCreated)
    if (!after.playbooks.has(id) && !ledger.playbooksDeleted.has(id)) out.push(`playbook ${id} answered 201 but missing`);
  for (const id of changedKeys(before.fills, after.fills))
    if (!ledger.fillsCreated.has(id) && !ledger.fillsCancelled.has(id)) out.push(`fill ${id}`);
  for (const key of changedKeys(before.assignments, after.assignments)) {
    const [fill, worker] = key.split('|');
    if (!ledger.fillsCreated.has(fill) && !ledger.fillsCancelled.has(fill) && !ledger.workers.has(worker)) out.push(`assignment ${key}`);
  }
  return out;
}
