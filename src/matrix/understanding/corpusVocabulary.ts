import type { Change } from '../../db/notify.ts';
import type { Executor } from '../../db/open.ts';
import { loadGazetteer } from '../../places/gazetteer.ts';
import { type Lexicon, STAFFING_LEXICON } from './lexicon.ts';
import { type CorpusTerms, Vocabulary } from './vocabulary.ts';
import { corpusTerms } from './vocabularyRepository.ts';

/**
 * The vocabulary of the corpus as it is now, for one service instance. Worker writes
 * reach it through the change feed (this instance's and, by LISTEN/NOTIFY, every
 * other's): the roles, places, certifications and skills they name are understood at
 * once, and a re-read of the whole corpus follows (counts, deletions, batches too large
 * for a notification), one at a time and no sooner than 4x its own duration after the
 * change (~0.9 s at 100k workers).
 */
export class CorpusVocabulary {
  private current?: Vocabulary;
  private loading?: Promise<Vocabulary>;
  private timer?: NodeJS.Timeout;
  private lastLoadMs = 0;
  /** Changes heard while a read was in flight: the read may predate them. */
  private heardWhileLoading: Change[] = [];

  constructor(
    private readonly db: Executor,
    private readonly lexicon: Lexicon = STAFFING_LEXICON,
  ) {}

  /** The current vocabulary; the first call reads the corpus. */
  get(): Promise<Vocabulary> {
    return this.current ? Promise.resolve(this.current) : this.refresh();
  }

  /** Reads the corpus again (one read in flight at a time). */
  refresh(): Promise<Vocabulary> {
    this.loading ??= (async () => {
      try {
        const started = performance.now();
        const [terms, gazetteer] = await Promise.all([corpusTerms(this.db), loadGazetteer()]);
        this.current = new Vocabulary(terms, this.lexicon, gazetteer);
        this.lastLoadMs = performance.now() - started;
      } finally {
        this.loading = undefined;
      }
      // Writes that landed during the read are laid on top of it (and a re-read is scheduled).
      for (const change of this.heardWhileLoading.splice(0)) this.apply(change);
      return this.current;
    })();
    return this.loading;
  }

  apply(change: Change): void {
    if (change.kind !== 'workers') return;
    if (this.loading) this.heardWhileLoading.push(change);
    if (!this.current) return;
    if (change.places !== 'all') {
      const { terms } = this.current;
      const added = <T>(known: T[], keyOf: (t: T) => string, fresh: T[]) => {
        const have = new Set(known.map(keyOf));
        return [...new Map(fresh.filter((t) => !have.has(keyOf(t))).map((t) => [keyOf(t), t])).values()];
      };
      const counted = (value: string) => ({ value, count: 1 });
      const next: CorpusTerms = {
        roles: added(
          terms.roles,
          (r) => r.value,
          change.places.map((p) => counted(p.role)),
        ),
        places: added(
          terms.places,
          (p) => `${p.state}|${p.city}`,
          change.places.map(({ city, state }) => ({ city, state, count: 1 })),
        ),
        certifications: added(terms.certifications, (c) => c.value, (change.tags?.certifications ?? []).map(counted)),
        skills: added(terms.skills, (c) => c.value, (change.tags?.skills ?? []).map(counted)),
      };
      if (Object.values(next).some((list) => list.length)) {
        this.current = new Vocabulary(
          {
            roles: [...terms.roles, ...next.roles],
            places: [...terms.places, ...next.places],
            certifications: [...terms.certifications, ...next.certifications],
            skills: [...terms.skills, ...next.skills],
          },
          this.lexicon,
          this.current.gazetteer,
        );
      }
    }
    this.scheduleRefresh();
  }

  private scheduleRefresh(): void {
    if (this.timer) return;
    this.timer = setTimeout(
      () => {
        this.timer = undefined;
        // A failed read keeps the vocabulary it had; the next change tries again.
        this.refresh().catch(() => {});
      },
      Math.max(200, 4 * this.lastLoadMs),
    );
    this.timer.unref();
  }

  close(): void {
    clearTimeout(this.timer);
  }
}
