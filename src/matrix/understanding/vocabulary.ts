import { cityKey, type Coordinates, type Gazetteer, milesBetween } from '../../places/gazetteer.ts';
import type { AVAILABILITY } from '../../workers/worker.ts';
import type { Lexicon } from './lexicon.ts';
import { phraseKey, words } from './text.ts';

export type Shift = (typeof AVAILABILITY)[number];

/** What the corpus holds, with how many workers hold it (from the database; see vocabularyRepository.ts). */
export interface CorpusTerms {
  roles: { value: string; count: number }[];
  places: { city: string; state: string; count: number }[];
  certifications: { value: string; count: number }[];
  skills: { value: string; count: number }[];
}

/** One city of the corpus in one state; `spellings` are its lower-case forms as stored ("st. louis", "saint louis"). */
export interface CorpusPlace {
  city: string;
  state: string;
  spellings: string[];
  count: number;
  at?: Coordinates;
}

/** A tag the request asked for: its display label and every corpus spelling (exactly as stored) that counts as holding it. */
export interface TagMatch {
  label: string;
  values: string[];
}

export type Term =
  | { kind: 'role'; label: string; roles: string[]; head: boolean }
  | { kind: 'certification'; match: TagMatch }
  | { kind: 'skill'; match: TagMatch }
  | { kind: 'shift'; shift: Shift }
  | { kind: 'city'; places: CorpusPlace[] }
  | { kind: 'state'; state: string; code: boolean }
  | { kind: 'metro'; label: string; city: string; state: string; miles: number }
  | { kind: 'prefix'; miles: number }
  | { kind: 'suffix'; miles: number }
  | { kind: 'number'; value: number }
  | { kind: 'filler' };

// Trailing level words do not change what a job is: "Forklift Operator II" is a forklift operator.
const LEVEL_WORDS = new Set(['i', 'ii', 'iii', 'iv', '1', '2', '3', '4', 'level', 'lead', 'trainee']);

interface Group {
  label: string;
  phrases: string[];
}
const groupsOf = (list: Lexicon['roles']): Group[] =>
  list.map((g) => ({ label: g.canonical, phrases: [g.canonical, ...g.synonyms].map(phraseKey) }));

/**
 * Which lexicon group a corpus value belongs to: one of its phrases exactly, else the
 * longest phrase the value ends with (roles: "senior welder") or starts with (tags:
 * "osha 10 hour"). Only whole words count, so "electrician helper" is not an electrician.
 */
function groupOf(key: string, groups: Group[], where: 'end' | 'start'): Group | undefined {
  const words = key.split(' ');
  while (where === 'end' && words.length > 1 && LEVEL_WORDS.has(words[words.length - 1])) words.pop();
  const trimmed = ` ${words.join(' ')} `;
  let best: { group: Group; length: number } | undefined;
  for (const group of groups) {
    for (const p of group.phrases) {
      if (p === key) return group;
      const fits = where === 'end' ? trimmed.endsWith(` ${p} `) : trimmed.startsWith(` ${p} `);
      if (fits && p.length > (best?.length ?? 0)) best = { group, length: p.length };
    }
  }
  return best?.group;
}

const byCount = <T extends { count: number }>(a: T, b: T) => b.count - a.count;

/** Distinct (point, radius) answers of `placesNear` kept per vocabulary. */
const NEAR_MAX = 4_096;

/**
 * The vocabulary of understanding: every phrase a request may use, from the corpus
 * (its roles, cities, certifications, skills) and the staffing lexicon (synonyms,
 * shifts, states, metros, filler). Rebuilt when the corpus changes (vocabularyRepository.ts).
 */
export class Vocabulary {
  readonly phrases = new Map<string, Term[]>();
  /** Longest phrase in words: the parser tries spans up to this length. */
  maxWords = 1;
  /**
   * Every run of a phrase's first words, the phrase itself included ("osha", "osha 10"): the parser
   * stops widening a span at the first run that starts no phrase instead of trying every length
   * up to `maxWords` (joining and hashing each was a fifth of understanding a request).
   */
  readonly starts = new Set<string>();
  /** Every word of every phrase; and those of 4+ letters by length, for typo correction. */
  readonly words = new Set<string>();
  readonly wordsByLength = new Map<number, string[]>();
  private readonly typoTargets = new Set<string>();
  /** How many workers' roles, places and tags use a word: among equally near corrections, the commoner wins. */
  readonly workersWith = new Map<string, number>();
  /** A word as written for each key ("angeles" for "angele"): how a correction is shown. */
  readonly spelling = new Map<string, string>();
  readonly places: CorpusPlace[] = [];

  constructor(
    readonly terms: CorpusTerms,
    readonly lexicon: Lexicon,
    readonly gazetteer: Gazetteer,
  ) {
    const lexiconTexts = [...lexicon.roles, ...lexicon.certifications, ...lexicon.skills].flatMap((g) => [g.canonical, ...g.synonyms]);
    const corpusTexts = [...terms.roles, ...terms.certifications, ...terms.skills].map((t) => t.value);
    for (const text of [...corpusTexts, ...terms.places.map((p) => cityKey(p.city)), ...lexiconTexts]) {
      for (const w of words(text)) if (!this.spelling.has(w.key)) this.spelling.set(w.key, w.text);
    }
    this.addRoles();
    this.addTags('certification', terms.certifications, groupsOf(lexicon.certifications));
    this.addTags('skill', terms.skills, groupsOf(lexicon.skills));
    for (const [shift, list] of Object.entries(lexicon.shifts)) for (const p of list) this.add(p, { kind: 'shift', shift: shift as Shift });
    this.addPlaces();
    for (const [p, miles] of Object.entries(lexicon.place_prefixes)) this.add(p, { kind: 'prefix', miles });
    for (const [p, miles] of Object.entries(lexicon.place_suffixes)) this.add(p, { kind: 'suffix', miles });
    for (const [p, value] of Object.entries(lexicon.numbers)) this.add(p, { kind: 'number', value });
    for (const p of lexicon.filler) this.add(p, { kind: 'filler' });
    for (const [key, list] of this.phrases) {
      // A typo is read as a word that means something, never as filler ("greeter" is not "greater").
      const content = list.some((t) => !['filler', 'prefix', 'suffix', 'number'].includes(t.kind));
      for (const w of key.split(' ')) {
        this.words.add(w);
        if (!content || w.length < 4 || /\d/.test(w) || this.typoTargets.has(w)) continue;
        this.typoTargets.add(w);
        this.wordsByLength.set(w.length, [...(this.wordsByLength.get(w.length) ?? []), w]);
      }
    }
    for (const { value, count } of [...terms.roles, ...terms.certifications, ...terms.skills]) {
      for (const w of words(value)) this.workersWith.set(w.key, (this.workersWith.get(w.key) ?? 0) + count);
    }
    for (const p of terms.places)
      for (const w of words(cityKey(p.city))) this.workersWith.set(w.key, (this.workersWith.get(w.key) ?? 0) + p.count);
  }

  private add(text: string, term: Term, keyed = false): void {
    if (!keyed) for (const w of words(text)) if (!this.spelling.has(w.key)) this.spelling.set(w.key, w.text);
    const key = keyed ? text : phraseKey(text);
    if (!key) return;
    const list = this.phrases.get(key) ?? [];
    list.push(term);
    this.phrases.set(key, list);
    const keyWords = key.split(' ');
    this.maxWords = Math.max(this.maxWords, keyWords.length);
    for (let n = 1; n <= keyWords.length; n++) this.starts.add(keyWords.slice(0, n).join(' '));
  }

  private addRoles(): void {
    const groups = groupsOf(this.lexicon.roles);
    const members = new Map<Group, string[]>();
    const loose: { key: string; role: string }[] = [];
    for (const { value } of [...this.terms.roles].sort(byCount)) {
      const key = phraseKey(value);
      const group = groupOf(key, groups, 'end');
      if (group) members.set(group, [...(members.get(group) ?? []), value.toLowerCase()]);
      else loose.push({ key, role: value.toLowerCase() });
    }
    const label = (roles: string[]) => this.terms.roles.find((r) => r.value.toLowerCase() === roles[0])?.value ?? roles[0];
    for (const [group, roles] of members) {
      for (const p of group.phrases) this.add(p, { kind: 'role', label: label(roles), roles, head: false }, true);
      for (const r of roles) this.add(r, { kind: 'role', label: label(roles), roles, head: false });
    }
    for (const { key, role } of loose) this.add(key, { kind: 'role', label: label([role]), roles: [role], head: false }, true);
    // A role's head noun alone ("driver", "cook") means any role it heads, unless it is a phrase of its own.
    const heads = new Map<string, string[]>();
    for (const { value } of [...this.terms.roles].sort(byCount)) {
      const words = phraseKey(value).split(' ');
      const head = words[words.length - 1];
      if (words.length > 1 && head.length >= 4) heads.set(head, [...(heads.get(head) ?? []), value.toLowerCase()]);
    }
    for (const [head, roles] of heads) {
      if (!this.phrases.get(head)?.some((t) => t.kind === 'role')) this.add(head, { kind: 'role', label: head, roles, head: true }, true);
    }
  }

  private addTags(kind: 'certification' | 'skill', values: CorpusTerms['skills'], groups: Group[]): void {
    const members = new Map<Group, string[]>();
    for (const { value } of [...values].sort(byCount)) {
      const key = phraseKey(value);
      const group = groupOf(key, groups, 'start');
      if (group) members.set(group, [...(members.get(group) ?? []), value]);
      else this.add(key, { kind, match: { label: value, values: [value] } } as Term, true);
    }
    for (const [group, spellings] of members) {
      const label = spellings[0];
      const term = { kind, match: { label, values: spellings } } as Term;
      for (const p of new Set([...group.phrases, ...spellings.map(phraseKey)])) this.add(p, term, true);
    }
  }

  private addPlaces(): void {
    const grouped = new Map<string, CorpusPlace>();
    for (const p of [...this.terms.places].sort(byCount)) {
      const id = `${p.state}|${cityKey(p.city)}`;
      const known = grouped.get(id);
      if (known) {
        known.count += p.count;
        if (!known.spellings.includes(p.city.toLowerCase())) known.spellings.push(p.city.toLowerCase());
        continue;
      }
      grouped.set(id, {
        city: p.city,
        state: p.state,
        spellings: [p.city.toLowerCase()],
        count: p.count,
        at: this.gazetteer.find(p.city, p.state),
      });
    }
    const byName = new Map<string, CorpusPlace[]>();
    for (const place of grouped.values()) {
      this.places.push(place);
      const key = phraseKey(cityKey(place.city));
      byName.set(key, [...(byName.get(key) ?? []), place]);
    }
    for (const [key, places] of byName) this.add(key, { kind: 'city', places }, true);
    for (const [name, state] of Object.entries(this.lexicon.states)) this.add(name, { kind: 'state', state, code: false });
    for (const state of new Set(Object.values(this.lexicon.states))) this.add(state.toLowerCase(), { kind: 'state', state, code: true });
    for (const m of this.lexicon.metros) {
      for (const p of [m.name, ...m.aliases]) this.add(p, { kind: 'metro', label: m.name, city: m.city, state: m.state, miles: m.miles });
    }
  }

  /**
   * The corpus places within `miles` of a point, nearest first, with their distance. Remembered per
   * point and radius (a vocabulary is replaced, never changed, when the corpus changes): a request
   * naming a city builds its "nearby" candidate set ahead of need, and the haversine over every
   * corpus place was a tenth of understanding a request. The answer is shared: callers must not change it.
   */
  placesNear(center: Coordinates, miles: number): readonly { place: CorpusPlace; miles: number }[] {
    const key = `${center.lat},${center.lon},${miles}`;
    let near = this.near.get(key);
    if (!near) {
      if (this.near.size >= NEAR_MAX) this.near.clear();
      near = this.computeNear(center, miles);
      this.near.set(key, near);
    }
    return near;
  }

  private readonly near = new Map<string, { place: CorpusPlace; miles: number }[]>();

  private computeNear(center: Coordinates, miles: number): { place: CorpusPlace; miles: number }[] {
    const near: { place: CorpusPlace; miles: number }[] = [];
    for (const place of this.places) {
      if (!place.at) continue;
      const d = milesBetween(center, place.at);
      if (d <= miles) near.push({ place, miles: d });
    }
    return near.sort((a, b) => a.miles - b.miles);
  }

  /** The corpus place of that name in that state, if the corpus has one. */
  corpusPlace(city: string, state: string): CorpusPlace | undefined {
    const key = phraseKey(cityKey(city));
    for (const t of this.phrases.get(key) ?? []) {
      if (t.kind === 'city') return t.places.find((p) => p.state === state);
    }
    return undefined;
  }
}
