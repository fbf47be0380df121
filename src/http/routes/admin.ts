import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { corpusStats } from '../../db/stats.ts';
import type { AppContext } from '../context.ts';
import { errorResponses } from '../schemas.ts';
import { ReplicaStatusSchema } from './health.ts';

const CacheStats = z.object({ hits: z.number(), misses: z.number(), size: z.number(), capacity: z.number() });
const Stats = z.object({
  workers: z.number(),
  playbooks: z.number(),
  fills: z.object({ booked: z.number(), cancelled: z.number() }),
  index_sizes: z.record(z.string(), z.number()),
  caches: z.object({ embedding: CacheStats, results: CacheStats.extend({ invalidations: z.number() }) }),
  embedder: z.object({ id: z.string(), dim: z.number() }),
  database: z.enum(['pglite', 'postgres']),
  /** With DATABASE_REPLICA_URLS: each replica and where reads went (primary counts say why). */
  replication: z.object({
    max_lag_ms: z.number(),
    replicas: z.array(ReplicaStatusSchema),
    reads: z.object({
      replica: z.number(), primary: z.number(), no_replica: z.number(), behind_fence: z.number(), retried: z.number(),
      waited: z.number(), wait_ms_mean: z.number(),
    }),
  }).optional(),
});

export const adminRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/v1/admin/stats', {
    schema: { tags: ['operations'], response: { 200: Stats, ...errorResponses } },
    config: { roles: ['operator'] },
  }, async () => ({
    ...(await ctx.database.read((db) => corpusStats(db))),
    caches: { embedding: ctx.embeddings.stats(), results: ctx.results.stats() },
    embedder: { id: ctx.embedder.id, dim: ctx.embedder.dim },
    database: ctx.database.kind,
    ...(ctx.database.replicaStatus() ? { replication: ctx.database.replicaStatus() } : {}),
  }));
};
