import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deletePlaybook, getPlaybook, listPlaybooks, recordPlaybook } from '../../matrix/playbooks.ts';
import { QueryText, SearchFilters, SearchRequest } from '../../matrix/request.ts';
import { searchWorkers } from '../../matrix/search.ts';
import { WorkerId } from '../../workers/worker.ts';
import type { AppContext } from '../context.ts';
import { idempotentWrite } from '../idempotency.ts';
import { errorResponses, Pagination, Playbook, SearchResponse, UuidParams } from '../schemas.ts';

const RecordRequest = z
  .object({
    query: QueryText,
    filters: SearchFilters.optional(),
    worker_ids: z.array(WorkerId).min(1).max(50),
    outcome: z.enum(['filled', 'accepted', 'declined']).optional(),
  })
  .strict();

export const matrixRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/v1/matrix/search',
    {
      schema: { tags: ['matrix'], body: SearchRequest, response: { 200: SearchResponse, ...errorResponses } },
      // The hottest route: searchWorkers hands over its answer already serialised (the result cache keeps it
      // that way), so it is neither validated nor stringified again on the way out; the schema documents it.
      serializerCompiler: () => (data) => (typeof data === 'string' ? data : JSON.stringify(data)),
    },
    async (req, reply) => {
      const { plan, found, cache, took_ms } = await searchWorkers(ctx, req.body);
      req.searchPlan = plan;
      const body = `{${found},"cache":{"embedding":"${cache.embedding}","results":"${cache.results}"},"took_ms":${took_ms}}`;
      return reply.type('application/json; charset=utf-8').send(body as never);
    },
  );

  app.post(
    '/v1/matrix/playbooks/record',
    {
      schema: {
        tags: ['matrix'],
        body: RecordRequest,
        response: { 201: z.object({ id: z.string(), created_at: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      await idempotentWrite(
        ctx.database,
        req,
        reply,
        { status: 201, location: (playbook: { id: string }) => `/v1/matrix/playbooks/${playbook.id}` },
        (guard) => recordPlaybook(ctx, req.body, guard),
      );
      return reply;
    },
  );

  app.get(
    '/v1/matrix/playbooks',
    {
      schema: {
        tags: ['matrix'],
        querystring: z.object(Pagination).strict(),
        response: { 200: z.object({ playbooks: z.array(Playbook), next_cursor: z.string().nullable() }), ...errorResponses },
      },
    },
    async (req) => listPlaybooks(ctx, req.query.limit, req.query.cursor),
  );

  app.get(
    '/v1/matrix/playbooks/:id',
    {
      schema: { tags: ['matrix'], params: UuidParams, response: { 200: Playbook, ...errorResponses } },
    },
    async (req) => getPlaybook(ctx, req.params.id),
  );

  app.delete(
    '/v1/matrix/playbooks/:id',
    {
      schema: { tags: ['matrix'], params: UuidParams, response: { 204: z.null(), ...errorResponses } },
      config: { roles: ['operator'] },
    },
    async (req, reply) => {
      await deletePlaybook(ctx, req.params.id);
      return reply.status(204).send(null);
    },
  );
};
