import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { transformDocument, transformRoute } from '../openapi.ts';

/**
 * OpenAPI generated from the routes' zod schemas, with summaries, operationIds,
 * examples and headers from src/http/openapi.ts: JSON at /docs/json, UI at /docs.
 */
export const swaggerPlugin = fp(
  async (app: FastifyInstance) => {
    await app.register(swagger, {
      openapi: {
        info: { title: 'staffing-matrix', version: '0.1.0', description: 'Find, contact and book staffing workers.' },
        components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
        security: [{ bearer: [] }],
      },
      transform: transformRoute,
      transformObject: transformDocument as never,
    });
    // swagger-ui takes no route config, so its routes are marked public (no key) as they are added.
    await app.register(async (docs) => {
      docs.addHook('onRoute', (route) => {
        route.config = { ...route.config, public: true };
      });
      await docs.register(swaggerUi, { routePrefix: '/docs' });
    });
  },
  { name: 'swagger' },
);
