import { z } from 'zod';
import { StateCode, WorkerId } from '../workers/worker.ts';
import { QueryText } from '../matrix/request.ts';

/** A fill names at most as many workers as a playbook can record (playbooks_worker_count). */
export const MAX_HEADCOUNT = 50;

const text = (max: number) => z.string().trim().min(1).max(max);
// Shift texts are only bounded here: whether they are bookable instants is the validator's invalid_shift rule.
const instant = z.string().max(64);
const workerIds = z.array(WorkerId).max(MAX_HEADCOUNT);

export const FillOrderInput = z
  .object({
    ref: text(100).optional(),
    city: text(100),
    state: StateCode.transform((s) => s.toUpperCase()),
    role: text(100),
    headcount: z.number().int().min(1).max(MAX_HEADCOUNT),
    shift_start: instant.optional(),
    shift_end: instant.optional(),
    certifications: z.array(text(80)).max(20).optional(),
  })
  .strict();

/** `POST /v1/validate/fill`: shift times optional; without them double_booked is not checked. */
export const FillProposalInput = z.object({ order: FillOrderInput, worker_ids: workerIds }).strict();

/** `POST /v1/fills`: a booking needs both shift times, so their absence is a schema error (400). */
export const BookingInput = z
  .object({
    order: FillOrderInput.extend({ shift_start: instant, shift_end: instant }),
    worker_ids: workerIds,
    playbook: z
      .object({
        query: QueryText,
      })
      .strict()
      .optional(),
  })
  .strict();

export type BookingInput = z.output<typeof BookingInput>;
