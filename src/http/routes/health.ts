import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { ReplicaStatusSchema } from '../schemas.ts';
import { checkReadiness } from '../../health.ts';
import { loggableError } from '../plugins/errors.ts';

const Check = z.object({ ok: z.boolean(), detail: z.string().optional() });
const Ready = z.object({
  ready: z.boolean(),
  checks: z.object({ database: Check, migrations: Check, embedder: Check }),
  replicas: z.array(ReplicaStatusSchema).optional(),
});

export const healthRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/health',
    {
      schema: { tags: ['operations'], response: { 200: z.object({ status: z.literal('ok') }) } },
      config: { public: true },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/ready',
    {
      schema: { tags: ['operations'], response: { 200: Ready, 503: Ready } },
      config: { public: true },
    },
    async (req, reply) => {
      const { failures, ...report } = await checkReadiness(ctx);
      for (const { check, error } of failures) req.log.warn({ check, err: loggableError(error) }, 'readiness check failed');
      if (!report.ready) reply.header('Retry-After', '5');
      return reply.status(report.ready ? 200 : 503).send(report);
    },
  );
};
