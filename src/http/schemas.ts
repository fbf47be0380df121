import { z } from 'zod';
import { AVAILABILITY, STATUSES, WORKER_ID } from '../workers/worker.ts';

export const ErrorBody = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

/** Error answers every route can give, for the OpenAPI document. */
export const errorResponses = {
  400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody,
  413: ErrorBody, 422: ErrorBody, 429: ErrorBody, 503: ErrorBody,
};

export const IdParams = z.object({ id: z.string().regex(WORKER_ID, 'id must match [A-Za-z0-9_.:-]{1,64}') });
export const UuidParams = z.object({ id: z.string().uuid('id must be a UUID') });

export const Pagination = {
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  // Checked by the listing's cursor codec, so every malformed or foreign cursor (huge ones too) is one 400 invalid_cursor.
  cursor: z.string().optional(),
};

export const WorkerOut = z.object({
  id: z.string(), name: z.string(), email: z.string(), phone: z.string(),
  city: z.string(), state: z.string(), role: z.string(),
  skills: z.array(z.string()), certifications: z.array(z.string()),
  years_experience: z.number(), hourly_rate: z.number().nullable(),
  rating: z.number().nullable(), reliability: z.number().nullable(),
  availability: z.array(z.enum(AVAILABILITY)), status: z.enum(STATUSES), summary: z.string(),
  profile: z.string(), created_at: z.string(), updated_at: z.string(),
});
