import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FillProposalInput } from '../../fills/order.ts';
import { checkFillProposal } from '../../fills/proposal.ts';
import { checkEmailDraft, checkSmsDraft } from '../../validate/facts.ts';
import { WorkerId } from '../../workers/worker.ts';
import type { AppContext } from '../context.ts';
import { errorResponses, SmsVerdict, Verdict } from '../schemas.ts';

// Bounds on size only; the subject/body/segment limits are rules the verdict reports.
const draft = {
  worker_id: WorkerId,
  to: z.string().max(320),
};
const EmailRequest = z.object({ ...draft, subject: z.string().max(10_000), body: z.string().max(200_000) }).strict();
const SmsRequest = z.object({ ...draft, body: z.string().max(10_000) }).strict();

/** The verdict is the answer: a draft that breaks a rule (or names an unknown worker) is a 200 with valid: false. */
export const validateRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/v1/validate/email',
    {
      schema: { tags: ['validate'], body: EmailRequest, response: { 200: Verdict, ...errorResponses } },
    },
    async (req) => checkEmailDraft(ctx, req.body),
  );

  app.post(
    '/v1/validate/sms',
    {
      schema: { tags: ['validate'], body: SmsRequest, response: { 200: SmsVerdict, ...errorResponses } },
    },
    async (req) => checkSmsDraft(ctx, req.body),
  );

  app.post(
    '/v1/validate/fill',
    {
      schema: { tags: ['validate'], body: FillProposalInput, response: { 200: Verdict, ...errorResponses } },
    },
    async (req) => checkFillProposal(ctx, req.body),
  );
};
