import { z } from 'zod';
import { AVAILABILITY, STATUSES, WorkerId } from '../workers/worker.ts';

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

/** Error answers every route can give, for the OpenAPI document. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  413: ErrorBody,
  422: ErrorBody,
  429: ErrorBody,
  503: ErrorBody,
};

export const IdParams = z.object({ id: WorkerId });
export const UuidParams = z.object({ id: z.string().uuid('id must be a UUID') });

export const Pagination = {
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  // Checked by the listing's cursor codec, so every malformed or foreign cursor (huge ones too) is one 400 invalid_cursor.
  cursor: z.string().optional(),
};

export const WorkerOut = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  phone: z.string(),
  city: z.string(),
  state: z.string(),
  role: z.string(),
  skills: z.array(z.string()),
  certifications: z.array(z.string()),
  years_experience: z.number(),
  hourly_rate: z.number().nullable(),
  rating: z.number().nullable(),
  reliability: z.number().nullable(),
  availability: z.array(z.enum(AVAILABILITY)),
  status: z.enum(STATUSES),
  summary: z.string(),
  profile: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});

// Answers the console reads too: it imports their inferred types (type-only), so the page and the API cannot drift.

export const Hit = z.object({
  id: z.string(),
  name: z.string(),
  role: z.string(),
  city: z.string(),
  state: z.string(),
  skills: z.array(z.string()),
  certifications: z.array(z.string()),
  availability: z.array(z.string()),
  years_experience: z.number(),
  rating: z.number().nullable(),
  distance_miles: z.number().optional().describe('from the understood or filtered place, when both have coordinates'),
  score: z.number().describe('the sum of why.score_parts: weighted features + playbook boost'),
  similarity: z.number(),
  playbook_boost: z.number(),
  why: z.object({
    matched: z.array(z.string()).describe('"role", "city" | "nearby" | "state", "certification: X", "shift: X", "skill: X", "words"'),
    missing: z.array(z.string()).describe('what was understood and this worker lacks'),
    score_parts: z.record(z.string(), z.number()),
  }),
});

export const Interpretation = z
  .object({
    role: z.string().optional(),
    place: z.object({ city: z.string().optional(), state: z.string() }).optional(),
    near_miles: z.number().optional(),
    certifications: z.array(z.string()),
    skills: z.array(z.string()),
    shifts: z.array(z.string()),
    headcount: z.number().optional(),
    relaxed: z
      .enum(['nearby', 'state', 'any'])
      .optional()
      .describe('too few workers met the understood place: widened to nearby cities, the state, then any place (and any role)'),
    unmatched: z.array(z.string()).describe('words nothing in the vocabulary matched; they are searched in names and summaries'),
    corrections: z.array(z.object({ from: z.string(), to: z.string() })).describe('misspelled words read as vocabulary words'),
  })
  .describe('what the query text was understood to ask for (absent with interpret: false)');

export const SearchResponse = z.object({
  results: z.array(Hit),
  interpretation: Interpretation.optional(),
  cache: z.object({ embedding: z.enum(['hit', 'miss']), results: z.enum(['hit', 'miss']) }),
  took_ms: z.number(),
});

export const Playbook = z.object({
  id: z.string(),
  query: z.string(),
  filters: z.unknown(),
  worker_ids: z.array(z.string()),
  outcome: z.string(),
  created_at: z.string(),
});

export const Issue = z.object({
  code: z.string(),
  message: z.string(),
  field: z.string().optional(),
  span: z
    .object({ start: z.number(), end: z.number() })
    .optional()
    .describe('where in the field the finding is (UTF-16 offsets, end exclusive): the console highlights it'),
});

export const Verdict = z.object({ valid: z.boolean(), errors: z.array(Issue), warnings: z.array(Issue) });

export const SmsVerdict = Verdict.extend({
  segments: z.object({ encoding: z.enum(['GSM-7', 'UCS-2']), characters: z.number(), count: z.number() }),
});

export const Fill = z.object({
  id: z.string(),
  ref: z.string().nullable(),
  city: z.string(),
  state: z.string(),
  role: z.string(),
  headcount: z.number(),
  shift_start: z.string(),
  shift_end: z.string(),
  certifications: z.array(z.string()),
  status: z.enum(['booked', 'cancelled']),
  worker_ids: z.array(z.string()),
  playbook_id: z.string().optional(),
  created_at: z.string(),
  cancelled_at: z.string().optional(),
});

export const CacheStats = z.object({ hits: z.number(), misses: z.number(), size: z.number(), capacity: z.number() });

export const ReplicaStatusSchema = z.object({
  name: z.string(),
  state: z.enum(['up', 'lagging', 'down']),
  lag_ms: z.number().nullable(),
  lag_bytes: z.number().nullable(),
  reads: z.number(),
  in_flight: z.number(),
  last_error: z.string().optional(),
});

export const Stats = z.object({
  workers: z.number(),
  playbooks: z.number(),
  fills: z.object({ booked: z.number(), cancelled: z.number() }),
  index_sizes: z.record(z.string(), z.number()),
  caches: z.object({
    embedding: CacheStats,
    results: CacheStats.extend({ bytes: z.number().describe('answer text held, bounded by the byte budget'), invalidations: z.number() }),
  }),
  embedder: z.object({ id: z.string(), dim: z.number() }),
  database: z.enum(['pglite', 'postgres']),
  /** With DATABASE_REPLICA_URLS: each replica and where reads went (primary counts say why). */
  replication: z
    .object({
      max_lag_ms: z.number(),
      replicas: z.array(ReplicaStatusSchema),
      reads: z.object({
        replica: z.number(),
        primary: z.number(),
        no_replica: z.number(),
        behind_fence: z.number(),
        retried: z.number(),
        waited: z.number(),
        wait_ms_mean: z.number(),
      }),
    })
    .optional(),
});
