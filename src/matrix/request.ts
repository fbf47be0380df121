import { z } from 'zod';
import { queryKey } from './queryKey.ts';
import { AVAILABILITY, StateCode, WorkerId } from '../workers/worker.ts';

const tag = z.string().trim().min(1).max(80);

export const SearchFilters = z
  .object({
    city: z.string().trim().min(1).max(100).optional(),
    state: StateCode.optional(),
    role: z.string().trim().min(1).max(100).optional(),
    skills: z.array(tag).max(20).optional(),
    certifications: z.array(tag).max(20).optional(),
    status: z.enum(['active', 'inactive', 'any']).optional(),
    min_rating: z.number().min(0).max(5).optional(),
    availability: z
      .array(z.enum(AVAILABILITY))
      .max(AVAILABILITY.length)
      .optional()
      .describe('shifts the worker must be available for (all of them)'),
    near: z
      .object({
        city: z.string().trim().min(1).max(100),
        state: StateCode,
        miles: z.number().positive().max(500),
      })
      .strict()
      .optional()
      .describe('workers within `miles` of the city (a city the gazetteer does not know matches by name)'),
  })
  .strict();

/** A coordinator's request text, wherever one is accepted (search, playbook record, a booking's playbook). */
export const QueryText = z
  .string()
  .min(1)
  .max(1000)
  .refine((q) => q.trim().length > 0, 'query must contain text');

export const SearchRequest = z
  .object({
    query: QueryText,
    k: z.number().int().min(1).max(100).default(10),
    filters: SearchFilters.default({}),
    exclude_ids: z.array(WorkerId).max(1000).default([]),
    use_playbook: z.boolean().default(false),
    interpret: z.boolean().default(true).describe('read role, place, certifications, skills and shifts from the query text'),
    strict: z.boolean().default(false).describe('what was understood is a hard filter (no relaxation) instead of a preference'),
    ignore: z
      .object({
        role: z.boolean().optional(),
        place: z.boolean().optional(),
        radius: z.boolean().optional(),
        certifications: z.array(tag).max(20).optional(),
        skills: z.array(tag).max(20).optional(),
        shifts: z.array(tag).max(AVAILABILITY.length).optional(),
      })
      .strict()
      .default({})
      .describe(
        'understood parts to leave out (a chip the coordinator removed): the role, the place, its radius, or labels of certifications, skills and shifts',
      ),
  })
  .strict();

export type SearchRequest = z.output<typeof SearchRequest>;

/** Understood parts a request leaves out, in canonical form (labels lower-cased and sorted). */
export interface IgnoredUnderstanding {
  role: boolean;
  place: boolean;
  /** Keep the place but not its "near"/"within N miles": the city is asked for as such. */
  radius: boolean;
  certifications: string[];
  skills: string[];
  shifts: string[];
}

/** Filters in canonical form: what the SQL and the cache key both use. */
export interface NormalFilters {
  city?: string;
  state?: string;
  role?: string;
  skills: string[];
  certifications: string[];
  status: 'active' | 'inactive' | 'any';
  min_rating?: number;
  availability: string[];
  near?: { city: string; state: string; miles: number };
}

export interface NormalSearch {
  query: string;
  k: number;
  filters: NormalFilters;
  exclude: string[];
  usePlaybook: boolean;
  interpret: boolean;
  strict: boolean;
  ignore: IgnoredUnderstanding;
}

const tags = (list?: string[]) => [...new Set((list ?? []).map((t) => t.toLowerCase()))].sort();

/** One canonical form per meaning: case, whitespace and order differences collapse. */
export function normalizeSearch(req: SearchRequest): NormalSearch {
  const f = req.filters;
  return {
    query: queryKey(req.query),
    k: req.k,
    filters: {
      city: f.city?.toLowerCase(),
      state: f.state?.toUpperCase(),
      role: f.role?.toLowerCase(),
      skills: tags(f.skills),
      certifications: tags(f.certifications),
      status: f.status ?? 'active',
      min_rating: f.min_rating,
      availability: tags(f.availability),
      near: f.near && { city: f.near.city.toLowerCase(), state: f.near.state.toUpperCase(), miles: f.near.miles },
    },
    exclude: [...new Set(req.exclude_ids)].sort(),
    usePlaybook: req.use_playbook,
    interpret: req.interpret,
    strict: req.strict,
    ignore: {
      role: req.ignore.role ?? false,
      place: req.ignore.place ?? false,
      radius: req.ignore.radius ?? false,
      certifications: tags(req.ignore.certifications),
      skills: tags(req.ignore.skills),
      shifts: tags(req.ignore.shifts),
    },
  };
}

export const searchKey = (s: NormalSearch): string => JSON.stringify(s);
