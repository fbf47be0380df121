import { z } from 'zod';
import { WORKER_ID } from '../workers/worker.ts';

const tag = z.string().trim().min(1).max(80);

export const SearchFilters = z.object({
  city: z.string().trim().min(1).max(100).optional(),
  state: z.string().trim().regex(/^[A-Za-z]{2}$/, 'state must be a 2-letter code').optional(),
  role: z.string().trim().min(1).max(100).optional(),
  skills: z.array(tag).max(20).optional(),
  certifications: z.array(tag).max(20).optional(),
  status: z.enum(['active', 'inactive', 'any']).optional(),
  min_rating: z.number().min(0).max(5).optional(),
}).strict();

export const SearchRequest = z.object({
  query: z.string().min(1).max(1000).refine((q) => q.trim().length > 0, 'query must contain text'),
  k: z.number().int().min(1).max(100).default(10),
  filters: SearchFilters.default({}),
  exclude_ids: z.array(z.string().regex(WORKER_ID, 'each id must match [A-Za-z0-9_.:-]{1,64}')).max(1000).default([]),
  use_playbook: z.boolean().default(false),
}).strict();

export type SearchRequest = z.output<typeof SearchRequest>;

/** Filters in canonical form: what the SQL and the cache key both use. */
export interface NormalFilters {
  city?: string;
  state?: string;
  role?: string;
  skills: string[];
  certifications: string[];
  status: 'active' | 'inactive' | 'any';
  min_rating?: number;
}

export interface NormalSearch {
  query: string;
  k: number;
  filters: NormalFilters;
  exclude: string[];
  usePlaybook: boolean;
}

const tags = (list?: string[]) => [...new Set((list ?? []).map((t) => t.toLowerCase()))].sort();

/** One canonical form per meaning: case, whitespace and order differences collapse. */
export function normalizeSearch(req: SearchRequest): NormalSearch {
  const f = req.filters;
  return {
    query: req.query.trim().replace(/\s+/g, ' ').toLowerCase(),
    k: req.k,
    filters: {
      city: f.city?.toLowerCase(),
      state: f.state?.toUpperCase(),
      role: f.role?.toLowerCase(),
      skills: tags(f.skills),
      certifications: tags(f.certifications),
      status: f.status ?? 'active',
      min_rating: f.min_rating,
    },
    exclude: [...new Set(req.exclude_ids)].sort(),
    usePlaybook: req.use_playbook,
  };
}

export const searchKey = (s: NormalSearch): string => JSON.stringify(s);
