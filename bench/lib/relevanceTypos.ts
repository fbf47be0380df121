/**
 * The mistakes coordinators make typing fast on a phone: a swapped, dropped,
 * doubled or neighbouring-key letter in one longer word, and shouty or careless
 * case. Deterministic given the Random.
 */
import type { Random } from '../../src/demo/random.ts';

const KEYBOARD_ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** A letter next to `ch` on a QWERTY row (same case). */
function neighbour(ch: string, random: Random): string {
  const lower = ch.toLowerCase();
  for (const row of KEYBOARD_ROWS) {
    const i = row.indexOf(lower);
    if (i < 0) continue;
    const options = [row[i - 1], row[i + 1]].filter((c): c is string => c !== undefined);
    const pick = random.pick(options);
    return ch === lower ? pick : pick.toUpperCase();
  }
  return ch;
}

/** One typo inside `word` (never its first letter, which people rarely miss). */
export function typoWord(word: string, random: Random): string {
  for (let attempt = 0; attempt < 8; attempt++) {
    const i = random.int(1, word.length - 2);
    let out: string;
    switch (random.int(0, 3)) {
      case 0:
        out = word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
        break; // swap
      case 1:
        out = word.slice(0, i) + word.slice(i + 1);
        break; // drop
      case 2:
        out = word.slice(0, i) + word[i] + word.slice(i);
        break; // double
      default:
        out = word.slice(0, i) + neighbour(word[i], random) + word.slice(i + 1); // fat finger
    }
    if (out.toLowerCase() !== word.toLowerCase()) return out;
  }
  return word;
}

/** A typo in the longest word of 5+ letters (trailing comma kept); the phrase unchanged if it has none. */
export function typoPhrase(phrase: string, random: Random): string {
  const words = phrase.split(' ');
  const letters = (w: string) => /^([A-Za-z]{5,})([,.]?)$/.exec(w);
  let best = -1;
  words.forEach((w, i) => {
    if (letters(w) && (best < 0 || w.length > words[best].length)) best = i;
  });
  if (best < 0) return phrase;
  const [, word, tail] = letters(words[best])!;
  words[best] = typoWord(word, random) + tail;
  return words.join(' ');
}

/** Case as typed: "DALLAS", "dallas", "FoRkLiFt". */
export function mangleCase(text: string, random: Random): string {
  switch (random.int(0, 2)) {
    case 0:
      return text.toUpperCase();
    case 1:
      return text.toLowerCase();
    default:
      return [...text].map((ch, i) => (i % 2 ? ch.toLowerCase() : ch.toUpperCase())).join('');
  }
}
