import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { InvalidCursor } from '../../cursor.ts';
import { errorChain, isConnectionLost } from '../../db/open.ts';
import { Conflict, DomainError, NotFound, RuleFailed, Unavailable } from '../../errors.ts';
import type { ErrorBody } from '../schemas.ts';
import { notRouted } from './protocol.ts';

function send(reply: FastifyReply, status: number, code: string, message: string, details?: unknown) {
  const body: ErrorBody = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  return reply.status(status).send(body);
}

/** `/workers/0/email` -> `workers[0].email`, the way a client names the field. */
export function fieldName(context: string | undefined, instancePath: string): string {
  const path = instancePath
    .split('/')
    .filter(Boolean)
    .reduce((acc, seg) => (/^\d+$/.test(seg) ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
  return path || context || 'body';
}

// Beyond a lost connection: too many connections (53300) and a statement cut by its timeout (57014)
// also mean "the database cannot answer now": 503 with Retry-After.
const SATURATED_CODES = new Set(['53300', '57014']);

export function isDatabaseUnavailable(err: unknown): boolean {
  return isConnectionLost(err) || [...errorChain(err)].some((e) => typeof e.code === 'string' && SATURATED_CODES.has(e.code));
}

/**
 * SQLSTATE class 22 (data exception): PostgreSQL refused a value the schemas let
 * through, e.g. a NUL character in text ("invalid byte sequence for encoding UTF8:
 * 0x00"), which JSON can carry but PostgreSQL cannot store. The client's input, so 400.
 */
export function refusedValue(err: unknown): { code: string; message: string } | undefined {
  for (const e of errorChain(err)) {
    if (typeof e.code === 'string' && /^22[0-9A-Z]{3}$/.test(e.code))
      return {
        code: e.code,
        message: String(e.message ?? '')
          .split('\n')[0]
          .slice(0, 200),
      };
  }
  return undefined;
}

/**
 * Errors fastify raises before routing (bad percent-encoding, an over-long path
 * segment) skip the error handler; this gives them the same `{ error }` body.
 */
export function frameworkError(err: FastifyError, _req: FastifyRequest, reply: FastifyReply) {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH') return send(reply, 414, 'invalid_request', 'a path segment is longer than 100 characters');
  if (err.code === 'FST_ERR_BAD_URL') return send(reply, 400, 'invalid_request', 'the URL is not valid: bad percent-encoding');
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500)
    return send(reply, err.statusCode, 'invalid_request', 'the request could not be routed');
  return send(reply, 500, 'internal', 'internal error');
}

/**
 * Requests Node's HTTP parser refuses (malformed request line or headers, headers
 * over 16 KB, a stalled client) never reach fastify's error handler; they get the
 * same `{ error }` body, written on the raw socket as fastify's default does.
 */
export function clientError(err: NodeJS.ErrnoException, socket: Duplex) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, code, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request_timeout', 'the request did not arrive in time']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'the request line and headers exceed 16 KB']
        : [400, 'invalid_request', 'the request is not valid HTTP'];
  const body = JSON.stringify({ error: { code, message } } satisfies ErrorBody);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/**
 * What of an error may be logged: its kind, code and first line. Driver errors
 * carry the statement's parameters (worker emails, phones, draft text), which
 * must never reach the logs.
 */
export function loggableError(err: unknown) {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  const firstLine = (m?: string) =>
    (m ?? '')
      .split('\n')[0]
      .replace(/params:.*$/s, '')
      .slice(0, 300);
  return {
    type: e?.name,
    code: e?.code ?? e?.cause?.code,
    message: firstLine(e?.message),
    cause: e?.cause ? firstLine(e.cause.message) : undefined,
  };
}

/** One place maps every failure to the error contract's status codes (README, The API at a glance) and `{ error: {...} }` body. */
export const errorsPlugin = fp(
  async (app: FastifyInstance) => {
    app.setNotFoundHandler((req, reply) => notRouted(app, req, reply));

    app.setErrorHandler((err: FastifyError, req, reply) => {
      if (hasZodFastifySchemaValidationErrors(err)) {
        const details = err.validation.map((v) => ({ field: fieldName(err.validationContext, v.instancePath), message: v.message }));
        const first = details[0];
        return send(reply, 400, 'invalid_request', `${first.field}: ${first.message}`, details);
      }
      if (err instanceof InvalidCursor) return send(reply, 400, err.code, err.message);
      if (err instanceof NotFound) return send(reply, 404, err.code, err.message, (err as DomainError).details);
      if (err instanceof Conflict) return send(reply, 409, err.code, err.message, (err as DomainError).details);
      if (err instanceof RuleFailed) return send(reply, 422, err.code, err.message, (err as DomainError).details);
      // Driver and embedder text (SQL, PostgreSQL's wording, internal host names) goes to the log with the request id;
      // the client gets the contract's code and a message written here.
      const refused = refusedValue(err);
      if (refused) {
        req.log.warn({ err: loggableError(err) }, 'database refused a value');
        return send(reply, 400, 'invalid_request', 'a value in the request cannot be stored (e.g. text with a NUL character)');
      }
      if (err instanceof Unavailable || isDatabaseUnavailable(err)) {
        const retryAfter = err instanceof Unavailable ? err.retryAfterSeconds : 5;
        reply.header('Retry-After', String(retryAfter));
        req.log.warn({ err: loggableError(err) }, 'dependency unavailable');
        const message = err instanceof Unavailable ? err.clientMessage : 'the database is unavailable; retry shortly';
        return send(reply, 503, 'unavailable', message);
      }
      if (isResponseSerializationError(err)) {
        req.log.error({ err: loggableError(err) }, 'response failed its schema');
        return send(reply, 500, 'internal', 'internal error');
      }
      const status = err.statusCode ?? 500;
      if (status >= 400 && status < 500) {
        if (status === 429) return reply.status(429).send({ error: { code: 'rate_limited', message: err.message } });
        const code = status === 413 ? 'body_too_large' : status === 415 ? 'unsupported_media_type' : 'invalid_request';
        return send(reply, status, code, err.message);
      }
      if (status === 503) {
        reply.header('Retry-After', reply.getHeader('Retry-After') ?? '5');
        return send(reply, 503, 'unavailable', err.message);
      }
      req.log.error({ err: loggableError(err) }, 'unhandled error');
      return send(reply, 500, 'internal', 'internal error');
    });
  },
  { name: 'errors' },
);
