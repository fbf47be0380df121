import type { Random } from './random.ts';
import type { Role } from './roles.ts';

export interface SummaryFacts {
  role: Role;
  years: number;
  skills: readonly string[];
  certifications: readonly string[];
  availability: readonly string[];
}

const TRAITS = ['Reliable', 'Dependable', 'Hardworking', 'Detail-oriented', 'Safety-minded', 'Punctual', 'Versatile', 'Steady'];
const SEASONED_TRAITS = ['Experienced', 'Seasoned', 'Skilled'];

const SHIFT_PHRASES: Record<string, readonly string[]> = {
  days: ['prefers day shifts', 'available for early starts'],
  nights: ['comfortable on night shifts', 'happy to work overnights'],
  swing: ['available for swing shifts', 'flexible for second shift'],
  weekends: ['open to weekend work', 'available Saturdays and Sundays'],
  on_call: ['available on call at short notice', 'can cover last-minute call-outs'],
};

/** "Forklift Operator" -> "forklift operator", keeping acronyms such as CDL-A or HVAC. */
export function roleNoun(title: string): string {
  return title
    .split(' ')
    .map((w) => (/^[A-Z0-9-]{2,}$/.test(w) ? w : w.toLowerCase()))
    .join(' ');
}

const yearsPhrase = (years: number) => (years === 1 ? '1 year' : `${years} years`);

function closingClause(facts: SummaryFacts, random: Random): string {
  if (facts.certifications.length > 0 && random.chance(0.35)) {
    return `holds current ${random.pick(facts.certifications)}`;
  }
  const shift = random.pick(facts.availability);
  return random.pick(SHIFT_PHRASES[shift] ?? ['flexible on shifts']);
}

/** One natural sentence describing the worker, e.g. for profile text and search. */
export function workerSummary(facts: SummaryFacts, random: Random): string {
  const noun = roleNoun(facts.role.title);
  const setting = random.pick(facts.role.settings);
  const [first, second = first] = facts.skills;
  const closing = closingClause(facts, random);
  if (facts.years === 0) {
    return `Entry-level ${noun} trained in ${first} and ${second}, looking for work in ${setting}; ${closing}.`;
  }
  const trait = random.pick(facts.years >= 8 ? SEASONED_TRAITS : TRAITS);
  const tenure = `${yearsPhrase(facts.years)} in ${setting}`;
  switch (random.int(0, 2)) {
    case 0:
      return `${trait} ${noun} with ${tenure}; ${closing}.`;
    case 1:
      return `${trait} ${noun} with ${tenure}, strong in ${first} and ${second}; ${closing}.`;
    default:
      return `${trait} ${noun} with ${tenure} and hands-on ${first} experience; ${closing}.`;
  }
}
