import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { ReplicaStatusSchema } from '../schemas.ts';
import { checkReadiness } from '../../health.ts';

const Check = z.object({ ok: z.boolean(), detail: z.string().optional() });
const Ready = z.object({
  ready: z.boolean(),
  checks: z.object({ database: Check, migrations: Check, embedder: Check }),
  replicas: z.array(ReplicaStatusSchema).optional(),
});

export const healthRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/health', {
    schema: { tags: ['operations'], response: { 200: z.object({ status: z.literal('ok') }) } },
    config: { public: true },
  }, async () => ({ status: 'ok' as const }));

  app.get('/ready', {
    schema: { tags: ['operations'], response: { 200: Ready, 503: Ready } },
    config: { public: true },
  }, async (_req, reply) => {
    const report = await checkReadiness(ctx);
    if (!report.ready) reply.header('Retry-After', '5');
    return reply.status(report.ready ? 200 : 503).send(report);
  });
};
