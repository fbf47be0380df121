import { distance } from 'fastest-levenshtein';
import type { Coordinates } from '../../places/gazetteer.ts';
import { singular, type Word, words } from './text.ts';
import type { CorpusPlace, Shift, TagMatch, Term, Vocabulary } from './vocabulary.ts';

/** Where the request wants its workers: a city (its corpus spellings), a radius around a point, or a state. */
export interface PlaceWanted {
  city?: string;
  state: string;
  /** The corpus places this city stands for (empty when the corpus has no worker there). */
  places: CorpusPlace[];
  at?: Coordinates;
  /** Set when the request said "near X", "X area", "within N miles of X" or named a metro. */
  miles?: number;
}

/** What a request was understood to ask for. */
export interface Understanding {
  role?: { label: string; roles: string[] };
  place?: PlaceWanted;
  certifications: TagMatch[];
  skills: TagMatch[];
  shifts: Shift[];
  headcount?: number;
  /** Words that matched nothing (names, rare terms): the lexical signal uses them. */
  unmatched: string[];
  corrections: { from: string; to: string }[];
}

// Two-letter codes that are also everyday words or staffing abbreviations count as a
// state only after a city ("Portland, OR") or when typed in capitals and not one of these.
const WORD_LIKE_CODES = new Set(['in', 'or', 'me', 'ok', 'hi', 'oh', 'ma', 'pa', 'md', 'co', 'id', 'la', 'al', 'de', 'ne', 'mt', 'ms']);
// Words that put a place after them, for places the corpus has no worker in (found through the gazetteer).
const PLACE_LEADS = new Set(['in', 'near', 'around', 'at', 'from', 'of', 'outside', 'by']);
const MILE_WORDS = new Set(['mile', 'mi', 'miles']);
const MAX_PLACE_WORDS = 4;

/** Edit distance allowed for a typo: none under 4 letters, 1 up to 6, 2 from 7. */
const typoBudget = (length: number) => (length < 4 ? 0 : length < 7 ? 1 : 2);

/**
 * The nearest vocabulary word within the typo budget, or undefined. Keys are singular forms
 * ("dalas" -> "dala"), so ties go to the word whose written form is nearer the text as typed
 * ("dallas", not "data"), then to the word more workers have ("hoston": Houston, not Boston).
 */
function corrected(w: Word, vocab: Vocabulary): string | undefined {
  const word = w.key;
  const budget = typoBudget(word.length);
  if (!budget || /\d/.test(word)) return undefined;
  let best: { word: string; d: number; written: number; workers: number } | undefined;
  for (let len = word.length - budget; len <= word.length + budget; len++) {
    for (const candidate of vocab.wordsByLength.get(len) ?? []) {
      const d = distance(word, candidate);
      if (d > budget || (best && d > best.d)) continue;
      const written = distance(w.text, vocab.spelling.get(candidate) ?? candidate);
      const workers = vocab.workersWith.get(candidate) ?? 0;
      if (!best || d < best.d || written < best.written || (written === best.written && workers > best.workers)) {
        best = { word: candidate, d, written, workers };
      }
    }
  }
  return best?.word;
}

interface Span {
  term?: Term;
  terms?: Term[];
  start: number;
  end: number;
}

/** The longest vocabulary phrase at `i`, with every term it may stand for. */
function longestAt(ws: Word[], i: number, vocab: Vocabulary): Span | undefined {
  // The keys of the runs starting at i that begin some phrase, shortest first, each built from the one before.
  const longest = Math.min(vocab.maxWords, ws.length - i);
  const keys: string[] = [];
  for (let n = 1; n <= longest; n++) {
    const key = n === 1 ? ws[i].key : `${keys[n - 2]} ${ws[i + n - 1].key}`;
    if (!vocab.starts.has(key)) break;
    keys.push(key);
  }
  for (let n = keys.length; n >= 1; n--) {
    const terms = vocab.phrases.get(keys[n - 1]);
    if (terms) return { terms, start: i, end: i + n };
  }
  return undefined;
}

const isCode = (w: Word) => w.raw.length === 2 && /^[a-z]{2}$/i.test(w.raw);

/**
 * Reads a coordinator's request: role, place (city, "City, ST", state, "near X",
 * "X area", metros), certifications, skills, shifts and headcount; the words left
 * are `unmatched`. Misspelled words are corrected against the vocabulary first.
 */
export function interpretQuery(query: string, vocab: Vocabulary): Understanding {
  const ws = words(query);
  const corrections: Understanding['corrections'] = [];
  // Words of a place the gazetteer knows ("Round Rock") are no typos even when the vocabulary lacks them.
  const inPlaceName = (i: number) => {
    for (let start = Math.max(0, i - 2); start <= i; start++) {
      for (let end = i + 1; end <= Math.min(ws.length, start + 3); end++) {
        if (
          vocab.gazetteer.named(
            ws
              .slice(start, end)
              .map((x) => x.text)
              .join(' '),
          ).length
        )
          return true;
      }
    }
    return false;
  };
  for (const [i, w] of ws.entries()) {
    if (vocab.words.has(w.key) || inPlaceName(i)) continue;
    const fix = corrected(w, vocab);
    if (fix) {
      corrections.push({ from: w.text, to: vocab.spelling.get(fix) ?? fix });
      w.text = fix;
      w.key = fix;
    }
  }
  // A correction that joins no phrase is dropped again by the caller's view: only matched words count.
  const u: Understanding = { certifications: [], skills: [], shifts: [], unmatched: [], corrections };
  let pendingMiles: number | undefined;
  let i = 0;
  while (i < ws.length) {
    const span = longestAt(ws, i, vocab);
    // "within 30 miles of": a number followed by a mile word is a radius for the next place.
    const n = Number(ws[i].text);
    if (Number.isInteger(n) && n > 0 && ws[i + 1] && MILE_WORDS.has(ws[i + 1].text)) {
      pendingMiles = n;
      i += 2;
      continue;
    }
    const place = !u.place ? readPlace(ws, i, span, vocab, pendingMiles) : undefined;
    if (place) {
      u.place = place.place;
      pendingMiles = undefined;
      i = place.end;
      continue;
    }
    // "near" / "within 5 miles of" must be followed by the place ("by Friday" is no place).
    if (pendingMiles !== undefined && !span?.terms?.every((t) => t.kind === 'filler' || t.kind === 'prefix')) pendingMiles = undefined;
    if (!span) {
      if (Number.isInteger(n) && n > 0 && n <= 1000) u.headcount ??= n;
      else u.unmatched.push(ws[i].text);
      i++;
      continue;
    }
    const term = choose(span.terms!, u);
    switch (term?.kind) {
      case 'role':
        if (!u.role) u.role = { label: term.label, roles: term.roles };
        else if (u.role.label !== term.label)
          u.role = { label: `${u.role.label} or ${term.label}`, roles: [...new Set([...u.role.roles, ...term.roles])] };
        break;
      case 'certification':
        if (!u.certifications.some((c) => c.label === term.match.label)) u.certifications.push(term.match);
        break;
      case 'skill':
        if (!u.skills.some((c) => c.label === term.match.label)) u.skills.push(term.match);
        break;
      case 'shift':
        if (!u.shifts.includes(term.shift)) u.shifts.push(term.shift);
        break;
      case 'prefix':
        pendingMiles = term.miles;
        break;
      case 'number':
        u.headcount ??= term.value;
        break;
      case undefined:
        for (let j = span.start; j < span.end; j++) u.unmatched.push(ws[j].text);
        break;
      default:
        break; // filler, a second place, or a place word with no place after it
    }
    i = span.end;
  }
  u.corrections = corrections.filter((c) => !u.unmatched.includes(c.to) && !u.unmatched.includes(singular(c.to)));
  return u;
}

// When one phrase means several things: what a coordinator most often means by it.
const PRIORITY: Term['kind'][] = ['role', 'certification', 'shift', 'skill', 'number', 'prefix', 'suffix', 'filler'];

function choose(terms: Term[], u: Understanding): Term | undefined {
  const usable = terms.filter(
    (t) =>
      PRIORITY.includes(t.kind) &&
      // A second role word that is also a skill ("forklift operator with reach truck") is the skill.
      !(t.kind === 'role' && u.role && terms.some((o) => o.kind === 'skill')) &&
      // A bare head noun ("operator") adds nothing once a role is known, and a generic one ("worker") is filler.
      !(t.kind === 'role' && t.head && (u.role || terms.some((o) => o.kind === 'filler'))),
  );
  return usable.sort((a, b) => PRIORITY.indexOf(a.kind) - PRIORITY.indexOf(b.kind))[0];
}

/** A state named at `i` (name or code): codes that are everyday words need `afterCity`. */
function stateAt(ws: Word[], i: number, vocab: Vocabulary, afterCity: boolean): { state: string; end: number } | undefined {
  if (i >= ws.length) return undefined;
  const span = longestAt(ws, i, vocab);
  const term = span?.terms?.find((t) => t.kind === 'state');
  if (!span || term?.kind !== 'state') return undefined;
  if (term.code) {
    const w = ws[i];
    if (!isCode(w)) return undefined;
    const wordLike = WORD_LIKE_CODES.has(w.raw.toLowerCase());
    if (!afterCity && (wordLike ? w.raw !== w.raw.toUpperCase() || w.raw.toLowerCase() === 'in' : false)) return undefined;
  }
  return { state: term.state, end: span.end };
}

/** "area", "metro" after a place: a radius. */
function suffixAt(ws: Word[], i: number, vocab: Vocabulary): { miles: number; end: number } | undefined {
  const span = i < ws.length ? longestAt(ws, i, vocab) : undefined;
  const term = span?.terms?.find((t) => t.kind === 'suffix');
  return term?.kind === 'suffix' ? { miles: term.miles, end: span!.end } : undefined;
}

function readPlace(
  ws: Word[],
  i: number,
  span: Span | undefined,
  vocab: Vocabulary,
  miles: number | undefined,
): { place: PlaceWanted; end: number } | undefined {
  const terms = span?.terms ?? [];
  const metro = terms.find((t) => t.kind === 'metro');
  // A role, certification or shift phrase as long as the place phrase wins ("mobile" crane operator aside).
  const other = terms.some((t) => t.kind === 'role' || t.kind === 'certification' || t.kind === 'shift');
  if (metro?.kind === 'metro' && !other) {
    const at = vocab.gazetteer.find(metro.city, metro.state);
    const near = suffixAt(ws, span!.end, vocab);
    return {
      place: { city: metro.city, state: metro.state, at, places: [], miles: miles ?? metro.miles },
      end: near?.end ?? span!.end,
    };
  }
  const city = terms.find((t) => t.kind === 'city');
  if (city?.kind === 'city' && !other) return cityPlace(ws, span!.end, city.places, vocab, miles);
  const state = stateAt(ws, i, vocab, false);
  if (state && !other) return { place: { state: state.state, places: [] }, end: state.end };
  // A city the corpus has no worker in: only after a place word ("near Plano") or before a state ("Plano, TX").
  if (other || terms.some((t) => t.kind !== 'filler')) return undefined;
  const led = i > 0 && (PLACE_LEADS.has(ws[i - 1].text) || miles !== undefined);
  for (let n = Math.min(MAX_PLACE_WORDS, ws.length - i); n >= 1; n--) {
    const name = ws
      .slice(i, i + n)
      .map((w) => w.text)
      .join(' ');
    const named = vocab.gazetteer.named(name);
    if (!named.length) continue;
    const st = stateAt(ws, i + n, vocab, true);
    if (!led && !st) continue;
    const found = st ? named.find((p) => p.state === st.state) : named[0];
    if (!found) continue;
    const end = st?.end ?? i + n;
    const near = suffixAt(ws, end, vocab);
    return {
      place: { city: found.city, state: found.state, at: found, places: [], miles: miles ?? near?.miles },
      end: near?.end ?? end,
    };
  }
  return undefined;
}

/** A corpus city: the state that follows picks among same-named cities, else the one with most workers. */
function cityPlace(
  ws: Word[],
  end: number,
  places: CorpusPlace[],
  vocab: Vocabulary,
  miles: number | undefined,
): { place: PlaceWanted; end: number } {
  const st = stateAt(ws, end, vocab, true);
  let chosen = places[0];
  let last = end;
  if (st) {
    const inState = places.find((p) => p.state === st.state);
    const elsewhere = inState ? undefined : vocab.gazetteer.find(places[0].city, st.state);
    if (inState) chosen = inState;
    else if (elsewhere) {
      // "Aurora, CO" when the corpus only has Aurora, IL: the gazetteer's Aurora, CO.
      const near = suffixAt(ws, st.end, vocab);
      return {
        place: { city: elsewhere.city, state: elsewhere.state, at: elsewhere, places: [], miles: miles ?? near?.miles },
        end: near?.end ?? st.end,
      };
    }
    last = st.end;
  } else {
    chosen = [...places].sort((a, b) => b.count - a.count)[0];
  }
  const near = suffixAt(ws, last, vocab);
  return {
    place: { city: chosen.city, state: chosen.state, places: [chosen], at: chosen.at, miles: miles ?? near?.miles },
    end: near?.end ?? last,
  };
}
