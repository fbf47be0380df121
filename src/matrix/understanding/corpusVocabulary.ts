import type { Change } from '../../db/notify.ts';
import type { Executor } from '../../db/open.ts';
import { loadGazetteer } from '../../places/gazetteer.ts';
import { type Lexicon, STAFFING_LEXICON } from './lexicon.ts';
import { Vocabulary } from './vocabulary.ts';
import { corpusTerms } from './vocabularyRepository.ts';

/**
 * The vocabulary of the corpus as it is now, for one service instance. Worker writes
 * reach it through the change feed (this instance's and, by LISTEN/NOTIFY, every
 * other's): roles and places they name are understood at once, and a re-read of the
 * whole corpus follows (certifications, skills, deletions), at most one at a time and
 * no more often than every few times its own duration (~0.9 s at 100k workers).
 */
export class CorpusVocabulary {
  private current?: Vocabulary;
  private loading?: Promise<Vocabulary>;
  private timer?: NodeJS.Timeout;
  private lastLoadMs = 0;

  constructor(private readonly db: Executor, private readonly lexicon: Lexicon = STAFFING_LEXICON) {}

  /** The current vocabulary; the first call reads the corpus. */
  get(): Promise<Vocabulary> {
    return this.current ? Promise.resolve(this.current) : this.refresh();
  }

  /** Reads the corpus again (one read in flight at a time). */
  refresh(): Promise<Vocabulary> {
    this.loading ??= (async () => {
      const started = performance.now();
      const [terms, gazetteer] = await Promise.all([corpusTerms(this.db), loadGazetteer()]);
      this.current = new Vocabulary(terms, this.lexicon, gazetteer);
      this.lastLoadMs = performance.now() - started;
      return this.current;
    })().finally(() => { this.loading = undefined; });
    return this.loading;
  }

  apply(change: Change): void {
    if (change.kind !== 'workers' || !this.current) return;
    if (change.places !== 'all') {
      const { terms } = this.current;
      const roles = new Set(terms.roles.map((r) => r.value));
      const places = new Set(terms.places.map((p) => `${p.state}|${p.city}`));
      const newRoles = change.places.filter((p) => !roles.has(p.role));
      const newPlaces = change.places.filter((p) => !places.has(`${p.state}|${p.city}`));
      if (newRoles.length || newPlaces.length) {
        this.current = new Vocabulary({
          ...terms,
          roles: [...terms.roles, ...[...new Set(newRoles.map((p) => p.role))].map((value) => ({ value, count: 1 }))],
          places: [...terms.places, ...newPlaces.map(({ city, state }) => ({ city, state, count: 1 }))],
        }, this.lexicon, this.current.gazetteer);
      }
    }
    this.scheduleRefresh();
  }

  private scheduleRefresh(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      // A failed read keeps the vocabulary it had; the next change tries again.
      this.refresh().catch(() => {});
    }, Math.max(200, 4 * this.lastLoadMs));
    this.timer.unref();
  }

  close(): void {
    clearTimeout(this.timer);
  }
}
