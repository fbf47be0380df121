import { z } from 'zod';
import { AVAILABILITY } from '../../workers/worker.ts';
import data from './lexicon.json' with { type: 'json' };

const phrase = z.string().regex(/^[a-z0-9]+( [a-z0-9]+)*$/, 'lower-case words separated by single spaces');
const group = z.object({ canonical: phrase, synonyms: z.array(phrase) });
const miles = z.number().positive().max(500);

/**
 * The staffing lexicon: knowledge no corpus spells out (abbreviations, synonyms,
 * shift words, state names, metro nicknames, words that carry no matching meaning).
 * Kept as data in lexicon.json; the corpus's own roles, places and tags come on top.
 */
export const Lexicon = z.object({
  roles: z.array(group),
  certifications: z.array(group),
  skills: z.array(group),
  shifts: z.record(z.enum(AVAILABILITY), z.array(phrase)),
  states: z.record(phrase, z.string().regex(/^[A-Z]{2}$/)),
  metros: z.array(
    z.object({
      name: phrase,
      aliases: z.array(phrase),
      city: z.string().min(1),
      state: z.string().regex(/^[A-Z]{2}$/),
      miles,
    }),
  ),
  place_prefixes: z.record(phrase, miles),
  place_suffixes: z.record(phrase, miles),
  filler: z.array(phrase),
  numbers: z.record(phrase, z.number().int().positive()),
});
export type Lexicon = z.infer<typeof Lexicon>;

/** The lexicon shipped with the service, checked once when first used. */
export const STAFFING_LEXICON: Lexicon = Lexicon.parse(data);
