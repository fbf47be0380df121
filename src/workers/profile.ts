import type { Worker } from './worker.ts';

/**
 * The text that is embedded for a worker: what a coordinator searches by
 * (role, place, skills, certifications, shifts, experience, summary).
 * Name, email and phone are left out: they carry no meaning for matching and
 * keeping PII out of embeddings keeps it out of any embedding service.
 *
 *   "Forklift Operator in Dallas, TX. Skills: forklift, pallet jack.
 *    Certifications: OSHA 10. Availability: nights, weekends.
 *    6 years experience. Reliable on night shifts."
 */
export function profileText(
  w: Pick<Worker, 'role' | 'city' | 'state' | 'skills' | 'certifications' | 'availability' | 'years_experience' | 'summary'>,
): string {
  const parts = [`${w.role} in ${w.city}, ${w.state}.`];
  if (w.skills.length) parts.push(`Skills: ${w.skills.join(', ')}.`);
  if (w.certifications.length) parts.push(`Certifications: ${w.certifications.join(', ')}.`);
  if (w.availability.length) parts.push(`Availability: ${w.availability.map((a) => a.replace('_', ' ')).join(', ')}.`);
  parts.push(`${w.years_experience} ${w.years_experience === 1 ? 'year' : 'years'} experience.`);
  if (w.summary) parts.push(w.summary.endsWith('.') ? w.summary : `${w.summary}.`);
  return parts.join(' ');
}
