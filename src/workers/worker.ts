import { z } from 'zod';

export const WORKER_ID = /^[A-Za-z0-9_.:-]{1,64}$/;
/** A worker id wherever one is accepted; the path says which field held it. */
export const WorkerId = z.string().regex(WORKER_ID, 'a worker id is 1-64 characters of A-Z a-z 0-9 _ . : -');
/** A US state as its 2-letter code, any case; callers that store it upper-case it (`.transform`). */
export const STATE_CODE = /^[A-Za-z]{2}$/;
export const STATE_CODE_MESSAGE = 'state must be a 2-letter code';
/** The state code wherever a request gives one: surrounding spaces trimmed first. */
export const StateCode = z.string().trim().regex(STATE_CODE, STATE_CODE_MESSAGE);
export const AVAILABILITY = ['days', 'nights', 'swing', 'weekends', 'on_call'] as const;
export const STATUSES = ['active', 'inactive'] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
const tagList = z.array(text(80)).max(100);

/** A worker as clients send it (batch upsert, PUT, ingest files). */
export const WorkerInput = z
  .object({
    id: WorkerId,
    name: text(200),
    email: z.string().trim().max(254).email(),
    phone: text(40),
    city: text(100),
    state: StateCode.transform((s) => s.toUpperCase()),
    role: text(100),
    skills: tagList.default([]),
    certifications: tagList.default([]),
    years_experience: z.number().int().min(0).max(70).default(0),
    hourly_rate: z.number().min(0).max(10000).nullable().default(null),
    rating: z.number().min(0).max(5).nullable().default(null),
    reliability: z.number().min(0).max(1).nullable().default(null),
    availability: z.array(z.enum(AVAILABILITY)).max(AVAILABILITY.length).default([]),
    status: z.enum(STATUSES).default('active'),
    summary: z.string().trim().max(2000).default(''),
  })
  .strict();

export type WorkerInput = z.input<typeof WorkerInput>;
export type Worker = z.output<typeof WorkerInput>;
