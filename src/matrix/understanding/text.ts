import { PLACE_WORDS } from '../../places/gazetteer.ts';

/**
 * Text as the understanding matches it: diacritics folded, lower case, words of
 * letters and digits (so "OSHA-10" is "osha 10" and "req'd" is "req d").
 */
export interface Word {
  /** Folded, lower-case form; "st"/"ft"/"mt" read as "saint"/"fort"/"mount" (place names). */
  text: string;
  /** The form phrases are keyed by: `text` made singular ("welders" -> "welder"). */
  key: string;
  /** As typed: state codes count only when written in capitals or after a city. */
  raw: string;
}

const DIACRITICS = /\p{M}+/gu;
const WORD = /[\p{L}\p{N}]+/gu;
// Joining words that titles drop or spell as "&" or "/": "Shipping & Receiving" = "shipping and receiving".
const JOINERS = new Set(['and', 'n']);

/**
 * English plural to singular, only as far as matching needs: both the query and
 * every vocabulary phrase go through it, so a wrong singular ("texas" -> "texa")
 * is harmless as long as it is the same on both sides.
 */
export function singular(w: string): string {
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (/(ss|sh|ch|x|z)es$/.test(w)) return w.slice(0, -2);
  if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) return w.slice(0, -1);
  return w;
}

export function words(text: string): Word[] {
  const out: Word[] = [];
  for (const m of text.normalize('NFKD').replace(DIACRITICS, '').matchAll(WORD)) {
    const lower = m[0].toLowerCase();
    if (JOINERS.has(lower)) continue;
    const t = PLACE_WORDS.get(lower) ?? lower;
    out.push({ text: t, key: singular(t), raw: m[0] });
  }
  return out;
}

/** The key of a whole phrase: its words' keys joined by single spaces. */
export const phraseKey = (text: string): string =>
  words(text)
    .map((w) => w.key)
    .join(' ');
