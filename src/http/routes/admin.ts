import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { corpusStats } from '../../db/stats.ts';
import type { AppContext } from '../context.ts';
import { errorResponses, Stats } from '../schemas.ts';

export const adminRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/v1/admin/stats',
    {
      schema: { tags: ['operations'], response: { 200: Stats, ...errorResponses } },
      config: { roles: ['operator'] },
    },
    async () => ({
      ...(await ctx.database.read((db) => corpusStats(db))),
      caches: { embedding: ctx.embeddings.stats(), results: ctx.results.stats() },
      embedder: { id: ctx.embedder.id, dim: ctx.embedder.dim },
      database: ctx.database.kind,
      ...(ctx.database.replicaStatus() ? { replication: ctx.database.replicaStatus() } : {}),
    }),
  );
};
