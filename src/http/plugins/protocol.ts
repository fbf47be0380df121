import type { FastifyInstance, FastifyReply, FastifyRequest, HTTPMethods } from 'fastify';
import fp from 'fastify-plugin';
import type { ErrorBody } from '../schemas.ts';

const METHODS: HTTPMethods[] = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** The methods some route answers on this concrete path (empty: no route has the path). */
export function allowedMethods(app: FastifyInstance, url: string): HTTPMethods[] {
  const path = url.split('?')[0];
  // `OPTIONS *` (asterisk-form) names no resource; the router would read `*` as its wildcard pattern.
  if (!path.startsWith('/')) return [];
  return METHODS.filter((method) => app.findRoute({ method, url: path }) !== null);
}

/**
 * What the not-found handler answers: 405 with `Allow` when the path is known
 * but not for this method (RFC 9110 15.5.6), else 404.
 */
export function notRouted(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply) {
  const path = req.url.split('?')[0];
  const allowed = allowedMethods(app, path);
  if (allowed.length) {
    const body: ErrorBody = {
      error: { code: 'method_not_allowed', message: `${req.method} is not allowed on ${path}; allowed: ${allowed.join(', ')}` },
    };
    return reply.status(405).header('Allow', allowed.join(', ')).send(body);
  }
  const body: ErrorBody = { error: { code: 'route_not_found', message: `no route ${req.method} ${path}` } };
  return reply.status(404).send(body);
}

/** Every answer carries its request id (the caller's x-request-id when it was sane, else a generated one). */
export const protocolPlugin = fp(
  async (app: FastifyInstance) => {
    app.addHook('onRequest', async (req, reply) => {
      reply.header('x-request-id', req.id);
    });
  },
  { name: 'protocol' },
);
