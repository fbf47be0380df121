import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';
import { loggableError } from './plugins/errors.ts';

/**
 * pino options for the app. Requests log as method + route pattern and
 * responses as status: never the URL (query strings and path ids), headers or
 * bodies, which carry keys and worker contact details. Errors log through
 * `loggableError`, because pino's own serializer copies every property of a
 * driver error, statement parameters included.
 */
export function loggerOptions(level: Config['LOG_LEVEL'], stream?: NodeJS.WritableStream): FastifyServerOptions['logger'] {
  if (level === 'silent') return false;
  return {
    level,
    stream,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.body', 'res.body', 'body'], censor: '[redacted]' },
    serializers: {
      req: (req: FastifyRequest) => ({ method: req.method, route: req.routeOptions?.url ?? 'unmatched' }),
      res: (reply: FastifyReply) => ({ status: reply.statusCode }),
      err: (err: unknown) => (err instanceof Error ? loggableError(err) : err),
    } as Record<string, (value: never) => unknown>,
  } as FastifyServerOptions['logger'];
}

/** Request ids unique across restarts and instances, unless the caller sends x-request-id. */
export const genReqId = () => randomUUID();
