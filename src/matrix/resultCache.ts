import type { Change, WorkerPlace } from '../db/notify.ts';
import type { NormalFilters, NormalSearch } from './request.ts';

interface Entry<T> {
  value: T;
  filters: NormalFilters;
  usePlaybook: boolean;
  expires: number;
  bytes: number;
}
interface Scope {
  filters: NormalFilters;
  usePlaybook: boolean;
}

// Changes remembered for searches in flight; a search older than this many changes is not stored.
const RECENT_CHANGES = 1_000;

export interface ResultCacheStats {
  hits: number;
  misses: number;
  size: number;
  capacity: number;
  bytes: number;
  invalidations: number;
}

/** Could a worker at `place` be a result of a search with `filters`? */
export function filtersAdmit(filters: NormalFilters, place: WorkerPlace): boolean {
  // A radius can reach into any city and state: such entries are dropped on every worker write.
  if (filters.near) return true;
  return (
    (!filters.state || filters.state === place.state.toUpperCase()) &&
    (!filters.city || filters.city === place.city.toLowerCase()) &&
    (!filters.role || filters.role === place.role.toLowerCase())
  );
}

/** Worker writes concern searches whose filters admit the worker; playbook writes concern use_playbook searches. */
function affects(change: Change, scope: Scope): boolean {
  if (change.kind === 'playbooks') return scope.usePlaybook;
  return change.places === 'all' || change.places.some((p) => filtersAdmit(scope.filters, p));
}

/**
 * Search results keyed by the whole normalised request. A worker write drops
 * the entries whose filters admit the written worker's old or new place; a
 * playbook write drops the use_playbook entries. The TTL only bounds how long
 * a missed notification (listener reconnecting) could leave an entry stale.
 */
export class ResultCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  /** Keys of use_playbook entries: a playbook write (frequent) drops these without walking the rest. */
  private readonly playbookKeys = new Set<string>();
  /** Changes applied so far, and the most recent of them (for searches that started before them). */
  private generation = 0;
  private readonly recent: Change[] = [];
  private hits = 0;
  private misses = 0;
  private invalidations = 0;
  private bytes = 0;

  // 2,000 answers cover minutes of a busy office's distinct searches; entries live 5 minutes anyway. The
  // byte budget holds the memory whatever k is: 2,000 ten-hit answers were 13-16 MB of a service that must
  // stay under 200 MB RSS (it peaked at 204 MB), and 2,000 hundred-hit answers would have been 130 MB.
  constructor(
    readonly capacity = 2_000,
    private readonly ttlMs = 5 * 60_000,
    private readonly now = () => Date.now(),
    readonly maxBytes = 8_000_000,
    // String length as bytes: answers are JSON, one byte per character in V8 unless a name needs two.
    private readonly sizeOf: (value: T) => number = (value) => (typeof value === 'string' ? value.length : 0),
  ) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.expires <= this.now()) {
      if (entry) this.drop(key);
      this.misses++;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    return entry.value;
  }

  /** A token taken before computing a value: `set` ignores the value if a change that concerns it came meanwhile. */
  token(): number {
    return this.generation;
  }

  set(key: string, search: NormalSearch, value: T, token: number): void {
    const missed = this.generation - token;
    if (missed > this.recent.length) return;
    const scope = { filters: search.filters, usePlaybook: search.usePlaybook };
    for (let i = this.recent.length - missed; i < this.recent.length; i++) if (affects(this.recent[i], scope)) return;
    this.drop(key);
    const bytes = key.length + this.sizeOf(value);
    this.entries.set(key, { value, filters: search.filters, usePlaybook: search.usePlaybook, expires: this.now() + this.ttlMs, bytes });
    this.bytes += bytes;
    if (search.usePlaybook) this.playbookKeys.add(key);
    while (this.entries.size > this.capacity || (this.bytes > this.maxBytes && this.entries.size > 1))
      this.drop(this.entries.keys().next().value!);
  }

  apply(change: Change): void {
    this.generation++;
    this.recent.push(change);
    if (this.recent.length > RECENT_CHANGES) this.recent.shift();
    this.invalidations++;
    if (change.kind === 'playbooks') {
      for (const key of this.playbookKeys) this.drop(key);
      return;
    }
    for (const [key, entry] of this.entries) if (affects(change, entry)) this.drop(key);
  }

  private drop(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.bytes -= entry.bytes;
    this.entries.delete(key);
    this.playbookKeys.delete(key);
  }

  stats(): ResultCacheStats {
    return {
      hits: this.hits,
      misses: this.misses,
      size: this.entries.size,
      capacity: this.capacity,
      bytes: this.bytes,
      invalidations: this.invalidations,
    };
  }
}
