// The API's own schemas, as types only: nothing from the server reaches the bundle.
import type { z } from 'zod';
import type { BookingInput, FillProposalInput } from '../../src/fills/order.ts';
import type {
  ErrorBody,
  Fill,
  Hit,
  Interpretation,
  Playbook,
  SearchResponse,
  SmsVerdict,
  Stats,
  Verdict,
  WorkerOut,
} from '../../src/http/schemas.ts';
import type { SearchRequest } from '../../src/matrix/request.ts';

export type SearchBody = z.input<typeof SearchRequest>;
export type Filters = NonNullable<SearchBody['filters']>;
export type Ignore = NonNullable<SearchBody['ignore']>;
export type SearchAnswer = z.infer<typeof SearchResponse>;
export type SearchHit = z.infer<typeof Hit>;
export type Understood = z.infer<typeof Interpretation>;
export type Worker = z.infer<typeof WorkerOut>;
export type DraftVerdict = z.infer<typeof Verdict>;
export type SmsDraftVerdict = z.infer<typeof SmsVerdict>;
export type DraftIssue = DraftVerdict['errors'][number];
export type BookingBody = z.input<typeof BookingInput>;
export type ProposalBody = z.input<typeof FillProposalInput>;
export type FillOut = z.infer<typeof Fill>;
export type PlaybookOut = z.infer<typeof Playbook>;
export type StatsOut = z.infer<typeof Stats>;
export type ApiErrorBody = z.infer<typeof ErrorBody>;
