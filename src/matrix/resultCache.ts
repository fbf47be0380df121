import type { Change, WorkerPlace } from '../db/notify.ts';
import type { NormalFilters, NormalSearch } from './request.ts';

interface Entry<T> { value: T; filters: NormalFilters; usePlaybook: boolean; expires: number }

export interface ResultCacheStats { hits: number; misses: number; size: number; capacity: number; invalidations: number }

/** Could a worker at `place` be a result of a search with `filters`? */
export function filtersAdmit(filters: NormalFilters, place: WorkerPlace): boolean {
  return (!filters.state || filters.state === place.state.toUpperCase())
    && (!filters.city || filters.city === place.city.toLowerCase())
    && (!filters.role || filters.role === place.role.toLowerCase());
}

/**
 * Search results keyed by the whole normalised request. A worker write drops
 * the entries whose filters admit the written worker's old or new place; a
 * playbook write drops the use_playbook entries. The TTL only bounds how long
 * a missed notification (listener reconnecting) could leave an entry stale.
 */
export class ResultCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  private generation = 0;
  private hits = 0;
  private misses = 0;
  private invalidations = 0;

  constructor(readonly capacity = 5_000, private readonly ttlMs = 5 * 60_000, private readonly now = () => Date.now()) {}

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.expires <= this.now()) {
      if (entry) this.entries.delete(key);
      this.misses++;
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    this.hits++;
    return entry.value;
  }

  /** A token taken before computing a value: `set` ignores the value if data changed meanwhile. */
  token(): number {
    return this.generation;
  }

  set(key: string, search: NormalSearch, value: T, token: number): void {
    if (token !== this.generation) return;
    this.entries.delete(key);
    this.entries.set(key, { value, filters: search.filters, usePlaybook: search.usePlaybook, expires: this.now() + this.ttlMs });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  apply(change: Change): void {
    this.generation++;
    this.invalidations++;
    for (const [key, entry] of this.entries) {
      const affected = change.kind === 'playbooks'
        ? entry.usePlaybook
        : change.places === 'all' || change.places.some((p) => filtersAdmit(entry.filters, p));
      if (affected) this.entries.delete(key);
    }
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }

  stats(): ResultCacheStats {
    return { hits: this.hits, misses: this.misses, size: this.entries.size, capacity: this.capacity, invalidations: this.invalidations };
  }
}
