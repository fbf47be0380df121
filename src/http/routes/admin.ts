import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { corpusStats } from '../../db/stats.ts';
import type { AppContext } from '../context.ts';
import { errorResponses } from '../schemas.ts';

const CacheStats = z.object({ hits: z.number(), misses: z.number(), size: z.number(), capacity: z.number() });
const Stats = z.object({
  workers: z.number(),
  playbooks: z.number(),
  fills: z.object({ booked: z.number(), cancelled: z.number() }),
  index_sizes: z.record(z.string(), z.number()),
  caches: z.object({ embedding: CacheStats, results: CacheStats.extend({ invalidations: z.number() }) }),
  embedder: z.object({ id: z.string(), dim: z.number() }),
  database: z.enum(['pglite', 'postgres']),
});

export const adminRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/v1/admin/stats', {
    schema: { tags: ['operations'], response: { 200: Stats, ...errorResponses } },
    config: { roles: ['operator'] },
  }, async () => ({
    ...(await corpusStats(ctx.database.db)),
    caches: { embedding: ctx.embeddings.stats(), results: ctx.results.stats() },
    embedder: { id: ctx.embedder.id, dim: ctx.embedder.dim },
    database: ctx.database.kind,
  }));
};
