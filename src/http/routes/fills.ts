import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { bookFill, cancelFill, getFill } from '../../fills/booking.ts';
import { BookingInput } from '../../fills/order.ts';
import type { AppContext } from '../context.ts';
import { idempotentWrite } from '../idempotency.ts';
import { errorResponses, Fill, UuidParams } from '../schemas.ts';

/**
 * 422 fill_invalid carries the validator's errors; 409 double_booked names each
 * clashing worker and fill. DELETE cancels (200 with the fill); a repeat answers the same.
 */
export const fillRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/v1/fills',
    {
      schema: { tags: ['fills'], body: BookingInput, response: { 201: Fill, ...errorResponses } },
    },
    async (req, reply) => {
      await idempotentWrite(
        ctx.database,
        req,
        reply,
        { status: 201, location: (fill: { id: string }) => `/v1/fills/${fill.id}` },
        (guard) => bookFill(ctx, req.body, guard),
      );
      return reply;
    },
  );

  app.get(
    '/v1/fills/:id',
    {
      schema: { tags: ['fills'], params: UuidParams, response: { 200: Fill, ...errorResponses } },
    },
    async (req) => getFill(ctx, req.params.id),
  );

  app.delete(
    '/v1/fills/:id',
    {
      schema: { tags: ['fills'], params: UuidParams, response: { 200: Fill, ...errorResponses } },
    },
    async (req) => cancelFill(ctx, req.params.id),
  );
};
