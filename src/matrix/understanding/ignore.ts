import type { IgnoredUnderstanding } from '../request.ts';
import type { Understanding } from './interpret.ts';

const kept = <T>(items: T[], label: (item: T) => string, ignored: string[]) =>
  ignored.length ? items.filter((item) => !ignored.includes(label(item).toLowerCase())) : items;

/**
 * The understanding without what the coordinator took out: a removed role no longer
 * narrows or scores, a removed place is not searched around, a removed tag is not ranked.
 */
export function withoutIgnored(u: Understanding, ignore: IgnoredUnderstanding): Understanding {
  let place = ignore.place ? undefined : u.place;
  if (place && ignore.radius && place.miles !== undefined) {
    const { miles: _miles, ...rest } = place;
    place = rest;
  }
  return {
    ...u,
    role: ignore.role ? undefined : u.role,
    place,
    certifications: kept(u.certifications, (c) => c.label, ignore.certifications),
    skills: kept(u.skills, (s) => s.label, ignore.skills),
    shifts: kept(u.shifts, (s) => s, ignore.shifts),
  };
}
