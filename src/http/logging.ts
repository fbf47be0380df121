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

// A caller's id is kept when it looks like an id (a UUID, ULID, trace id...): it is logged and echoed,
// so spaces, control characters and anything over 128 characters get a generated one instead.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The caller's x-request-id when it is sane, else a UUID (unique across restarts and instances). */
export function genReqId(req: { headers: Record<string, string | string[] | undefined> }): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
}
