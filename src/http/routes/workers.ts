import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deleteWorker, getWorker, listWorkers, upsertWorkers } from '../../workers/service.ts';
import { STATE_CODE, STATE_CODE_MESSAGE, WorkerInput } from '../../workers/worker.ts';
import type { AppContext } from '../context.ts';
import { errorResponses, IdParams, Pagination, WorkerOut } from '../schemas.ts';

const Batch = z
  .object({
    workers: z.array(WorkerInput).min(1).max(1000),
  })
  .strict()
  .superRefine(({ workers }, ctx) => {
    const seen = new Set<string>();
    workers.forEach((w, i) => {
      if (seen.has(w.id)) ctx.addIssue({ code: 'custom', path: ['workers', i, 'id'], message: `duplicate id ${w.id} in this batch` });
      seen.add(w.id);
    });
  });

const ListQuery = z
  .object({
    // The same rule without the trim the request bodies apply.
    state: z.string().regex(STATE_CODE, STATE_CODE_MESSAGE).optional(),
    city: z.string().min(1).max(100).optional(),
    role: z.string().min(1).max(100).optional(),
    ...Pagination,
  })
  .strict();

export const workerRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/v1/workers/batch',
    {
      schema: { tags: ['workers'], body: Batch, response: { 200: z.object({ upserted: z.number() }), ...errorResponses } },
      config: { roles: ['operator'] },
    },
    async (req) => ({ upserted: await upsertWorkers(ctx, req.body.workers) }),
  );

  app.put(
    '/v1/workers/:id',
    {
      schema: {
        tags: ['workers'],
        params: IdParams,
        body: WorkerInput.omit({ id: true }).extend({ id: WorkerInput.shape.id.optional() }),
        response: { 200: WorkerOut, ...errorResponses },
      },
      config: { roles: ['operator'] },
    },
    async (req, reply) => {
      if (req.body.id !== undefined && req.body.id !== req.params.id) {
        return reply.status(400).send({
          error: {
            code: 'invalid_request',
            message: `id: body id ${req.body.id} differs from the path id ${req.params.id}`,
            details: [{ field: 'id', message: 'must equal the path id' }],
          },
        });
      }
      await upsertWorkers(ctx, [{ ...req.body, id: req.params.id }]);
      return getWorker(ctx, req.params.id);
    },
  );

  app.get(
    '/v1/workers/:id',
    {
      schema: { tags: ['workers'], params: IdParams, response: { 200: WorkerOut, ...errorResponses } },
    },
    async (req) => getWorker(ctx, req.params.id),
  );

  app.delete(
    '/v1/workers/:id',
    {
      schema: { tags: ['workers'], params: IdParams, response: { 204: z.null(), ...errorResponses } },
      config: { roles: ['operator'] },
    },
    async (req, reply) => {
      await deleteWorker(ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/v1/workers',
    {
      schema: {
        tags: ['workers'],
        querystring: ListQuery,
        response: { 200: z.object({ workers: z.array(WorkerOut), next_cursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => {
      const { limit, cursor, ...filter } = req.query;
      return listWorkers(ctx, filter, limit, cursor);
    },
  );
};
