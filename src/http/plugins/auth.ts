import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Role } from '../../config.ts';
import type { ErrorBody } from '../schemas.ts';
import { AuthFailureLimiter } from './authFailures.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles allowed on the route; default: every role. */
    roles?: Role[];
    /** No key needed (health, readiness, docs). */
    public?: boolean;
  }
  interface FastifyRequest {
    role?: Role;
    keyId?: string;
  }
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Bearer keys from API_KEYS. Every presented key is compared with every
 * configured key in constant time (digests of equal length), so neither the
 * match nor its position leaks through timing. Keys are never logged; a
 * request carries only a short key id (digest prefix) for rate limits and logs.
 *
 * Failed authentications (no key or a wrong one) are limited per client
 * address (`failuresPerMinute`, 0 = off): past the limit the address gets 429
 * with Retry-After on every keyed route until its minute ends, so keys cannot
 * be guessed at line rate. Independent of the per-key request limit.
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { keys?: Map<string, Role>; failuresPerMinute?: number }) => {
    const keys = [...(opts.keys ?? new Map())].map(([key, role]) => ({
      digest: digest(key),
      role,
      id: digest(key).toString('hex').slice(0, 12),
    }));
    if (!keys.length) {
      app.log.warn('API_KEYS is not set: the service is open to anyone who can reach it');
      return;
    }
    const failures = opts.failuresPerMinute ? new AuthFailureLimiter(opts.failuresPerMinute) : undefined;
    const refuse = (req: FastifyRequest, reply: FastifyReply, message: string) => {
      failures?.fail(req.ip);
      return reply
        .status(401)
        .header('WWW-Authenticate', 'Bearer')
        .send({ error: { code: 'unauthorized', message } });
    };
    app.addHook('onRequest', async (req, reply) => {
      const config = req.routeOptions.config;
      if (config?.public || !req.routeOptions.url) return;
      const blockedFor = failures?.blockedFor(req.ip) ?? 0;
      if (blockedFor) {
        const body: ErrorBody = {
          error: { code: 'rate_limited', message: `too many failed authentications from this address; retry in ${blockedFor} s` },
        };
        return reply.status(429).header('Retry-After', String(blockedFor)).send(body);
      }
      const header = req.headers.authorization ?? '';
      const presented = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim();
      if (!presented) return refuse(req, reply, 'missing Authorization: Bearer <key>');
      const d = digest(presented);
      let match: (typeof keys)[number] | undefined;
      for (const k of keys) if (timingSafeEqual(k.digest, d) && !match) match = k;
      if (!match) return refuse(req, reply, 'the key is not valid');
      req.role = match.role;
      req.keyId = match.id;
      const allowed = config?.roles;
      if (allowed && !allowed.includes(match.role)) {
        return reply.status(403).send({
          error: {
            code: 'forbidden',
            message: `role ${match.role} may not ${req.method} ${req.routeOptions.url}; allowed: ${allowed.join(', ')}`,
          },
        });
      }
    });
  },
  { name: 'auth' },
);
