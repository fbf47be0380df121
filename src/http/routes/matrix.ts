import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { deletePlaybook, getPlaybook, listPlaybooks, recordPlaybook } from '../../matrix/playbooks.ts';
import { SearchFilters, SearchRequest } from '../../matrix/request.ts';
import { searchWorkers } from '../../matrix/search.ts';
import { WORKER_ID } from '../../workers/worker.ts';
import type { AppContext } from '../context.ts';
import { idempotentWrite } from '../idempotency.ts';
import { errorResponses, Pagination, UuidParams } from '../schemas.ts';

const Hit = z.object({
  id: z.string(), name: z.string(), role: z.string(), city: z.string(), state: z.string(),
  skills: z.array(z.string()), certifications: z.array(z.string()), availability: z.array(z.string()),
  years_experience: z.number(), rating: z.number().nullable(),
  distance_miles: z.number().optional().describe('from the understood or filtered place, when both have coordinates'),
  score: z.number().describe('the sum of why.score_parts: weighted features + playbook boost'),
  similarity: z.number(), playbook_boost: z.number(),
  why: z.object({
    matched: z.array(z.string()).describe('"role", "city" | "nearby" | "state", "certification: X", "shift: X", "skill: X", "words"'),
    missing: z.array(z.string()).describe('what was understood and this worker lacks'),
    score_parts: z.record(z.string(), z.number()),
  }),
});
const Interpretation = z.object({
  role: z.string().optional(),
  place: z.object({ city: z.string().optional(), state: z.string() }).optional(),
  near_miles: z.number().optional(),
  certifications: z.array(z.string()), skills: z.array(z.string()), shifts: z.array(z.string()),
  headcount: z.number().optional(),
  relaxed: z.enum(['nearby', 'state', 'any']).optional()
    .describe('too few workers met the understood place: widened to nearby cities, the state, then any place (and any role)'),
  unmatched: z.array(z.string()).describe('words nothing in the vocabulary matched; they are searched in names and summaries'),
  corrections: z.array(z.object({ from: z.string(), to: z.string() })).describe('misspelled words read as vocabulary words'),
}).describe('what the query text was understood to ask for (absent with interpret: false)');
const SearchResponse = z.object({
  results: z.array(Hit),
  interpretation: Interpretation.optional(),
  cache: z.object({ embedding: z.enum(['hit', 'miss']), results: z.enum(['hit', 'miss']) }),
  took_ms: z.number(),
});

const RecordRequest = z.object({
  query: z.string().min(1).max(1000).refine((q) => q.trim().length > 0, 'query must contain text'),
  filters: SearchFilters.optional(),
  worker_ids: z.array(z.string().regex(WORKER_ID, 'each id must match [A-Za-z0-9_.:-]{1,64}')).min(1).max(50),
  outcome: z.enum(['filled', 'accepted', 'declined']).optional(),
}).strict();

const Playbook = z.object({
  id: z.string(), query: z.string(), filters: z.unknown(), worker_ids: z.array(z.string()),
  outcome: z.string(), created_at: z.string(),
});

export const matrixRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post('/v1/matrix/search', {
    schema: { tags: ['matrix'], body: SearchRequest, response: { 200: SearchResponse, ...errorResponses } },
    // The hottest route: searchWorkers hands over its answer already serialised (the result cache keeps it
    // that way), so it is neither validated nor stringified again on the way out; the schema documents it.
    serializerCompiler: () => (data) => (typeof data === 'string' ? data : JSON.stringify(data)),
  }, async (req, reply) => {
    const { plan, found, cache, took_ms } = await searchWorkers(ctx, req.body);
    req.searchPlan = plan;
    const body = `{${found},"cache":{"embedding":"${cache.embedding}","results":"${cache.results}"},"took_ms":${took_ms}}`;
    return reply.type('application/json; charset=utf-8').send(body as never);
  });

  app.post('/v1/matrix/playbooks/record', {
    schema: { tags: ['matrix'], body: RecordRequest, response: { 201: z.object({ id: z.string(), created_at: z.string() }), ...errorResponses } },
  }, async (req, reply) => {
    await idempotentWrite(ctx.database, req, reply, { status: 201, location: (playbook: { id: string }) => `/v1/matrix/playbooks/${playbook.id}` }, (guard) => recordPlaybook(ctx, req.body, guard));
    return reply;
  });

  app.get('/v1/matrix/playbooks', {
    schema: { tags: ['matrix'], querystring: z.object(Pagination).strict(), response: { 200: z.object({ playbooks: z.array(Playbook), next_cursor: z.string().nullable() }), ...errorResponses } },
  }, async (req) => listPlaybooks(ctx, req.query.limit, req.query.cursor));

  app.get('/v1/matrix/playbooks/:id', {
    schema: { tags: ['matrix'], params: UuidParams, response: { 200: Playbook, ...errorResponses } },
  }, async (req) => getPlaybook(ctx, req.params.id));

  app.delete('/v1/matrix/playbooks/:id', {
    schema: { tags: ['matrix'], params: UuidParams, response: { 204: z.null(), ...errorResponses } },
    config: { roles: ['operator'] },
  }, async (req, reply) => {
    await deletePlaybook(ctx, req.params.id);
    return reply.status(204).send(null);
  });
};
