import rateLimit from '@fastify/rate-limit';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { ErrorBody } from '../schemas.ts';

export interface LimitsOptions {
  /** Requests per key (per client address without keys) per minute; 0 = off. */
  perMinute: number;
  /** Mean event-loop delay over a sample interval above which requests are shed; 0 = off. */
  maxEventLoopDelayMs: number;
  /** Queries queued for a pool connection above which requests are shed; 0 = off. */
  maxDbWaiting: number;
  /** Queries waiting for a database connection now. */
  dbWaiting?: () => number;
  sampleIntervalMs?: number;
}

const SHED_RETRY_AFTER_S = 2;

// Liveness must answer while the service refuses work, or an orchestrator restarts a process that is
// merely busy; metrics must answer so operators can see why.
const exempt = (req: FastifyRequest) => req.routeOptions.url === '/health' || req.routeOptions.url === '/metrics';

// Sent here rather than thrown: the error handler logs every 503, and a log line per shed request adds load.
function shed(reply: FastifyReply, message: string) {
  const body: ErrorBody = { error: { code: 'unavailable', message } };
  return reply.status(503).header('Retry-After', String(SHED_RETRY_AFTER_S)).send(body);
}

/**
 * Per-key rate limit (429 via the error handler) and load shedding (503) when
 * the event loop lags or the database pool has a queue. The limiter is a route
 * hook, so it runs after the global auth hook and is keyed by the key id; a
 * request refused by auth never counts against a key.
 */
export const limitsPlugin = fp(
  async (app: FastifyInstance, opts: LimitsOptions) => {
    if (opts.perMinute > 0) {
      await app.register(rateLimit, {
        max: opts.perMinute,
        timeWindow: 60_000,
        keyGenerator: (req) => req.keyId ?? req.ip,
        allowList: exempt,
      });
    }
    if (opts.maxEventLoopDelayMs > 0) {
      await app.register(underPressure, {
        maxEventLoopDelay: opts.maxEventLoopDelayMs,
        sampleInterval: opts.sampleIntervalMs,
        pressureHandler: (req, reply) => {
          if (!exempt(req)) shed(reply, 'the service is overloaded; retry shortly');
        },
      });
    }
    const { dbWaiting, maxDbWaiting } = opts;
    if (dbWaiting && maxDbWaiting > 0) {
      app.addHook('onRequest', async (req, reply) => {
        if (dbWaiting() > maxDbWaiting && !exempt(req)) return shed(reply, 'the database is saturated; retry shortly');
      });
    }
  },
  { name: 'limits' },
);
