import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { openChangeFeed } from '../db/notify.ts';
import { EmbeddingCache } from '../embed/cache.ts';
import { ResultCache } from '../matrix/resultCache.ts';
import { CorpusVocabulary } from '../matrix/understanding/corpusVocabulary.ts';
import type { AppContext, AppDeps } from './context.ts';
import { purgeExpiredKeys } from './idempotency.ts';
import { genReqId, loggerOptions } from './logging.ts';
import { authPlugin } from './plugins/auth.ts';
import { clientError, errorsPlugin, frameworkError } from './plugins/errors.ts';
import { limitsPlugin } from './plugins/limits.ts';
import { protocolPlugin } from './plugins/protocol.ts';
import { createMetrics, metricsPlugin, timedEmbedder } from './plugins/metrics.ts';
import { swaggerPlugin } from './plugins/swagger.ts';
import { adminRoutes } from './routes/admin.ts';
import { consoleRoutes, defaultConsoleDir } from './routes/console.ts';
import { fillRoutes } from './routes/fills.ts';
import { healthRoutes } from './routes/health.ts';
import { matrixRoutes } from './routes/matrix.ts';
import { validateRoutes } from './routes/validate.ts';
import { workerRoutes } from './routes/workers.ts';

// A 1000-worker batch with long summaries stays well under this.
const BODY_LIMIT = 5 * 1024 * 1024;
// A socket silent this long (no byte either way) is closed. Generous: an answer may take a while with
// nothing sent (a 1000-worker batch embedded by Ollama on a CPU: several 30 s embedder calls), and
// REQUEST_TIMEOUT_MS already bounds a client that is slow to send.
const CONNECTION_TIMEOUT_MS = 300_000;
// How often Node checks requests against REQUEST_TIMEOUT_MS (its default, 30 s, would let a 5 s limit run to 35 s).
const TIMEOUT_CHECK_INTERVAL_MS = 1_000;

/** The one place the app is assembled: external plugins, then app plugins, then routes. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(deps.config.LOG_LEVEL, deps.logStream),
    bodyLimit: BODY_LIMIT,
    // A client dribbling its request (headers or body) is answered 408 once REQUEST_TIMEOUT_MS has passed.
    requestTimeout: deps.config.REQUEST_TIMEOUT_MS,
    connectionTimeout: CONNECTION_TIMEOUT_MS,
    http: {
      connectionsCheckingInterval: TIMEOUT_CHECK_INTERVAL_MS,
      headersTimeout: Math.min(60_000, deps.config.REQUEST_TIMEOUT_MS),
    },
    // Per-request lines only when debugging: at load they cost more than the request.
    logController: new LogController({ disableRequestLogging: deps.config.LOG_LEVEL !== 'debug' && deps.config.LOG_LEVEL !== 'trace' }),
    // genReqId reads x-request-id itself: fastify's own header option takes any value as it comes.
    requestIdHeader: false,
    genReqId,
    return503OnClosing: true,
    frameworkErrors: frameworkError,
    clientErrorHandler: clientError,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Every route takes JSON; a text body is refused with 415 rather than parsed as a string.
  app.removeContentTypeParser('text/plain');

  const metrics = deps.config.METRICS ? createMetrics() : undefined;
  const embedder = metrics ? timedEmbedder(deps.embedder, metrics.embedSeconds) : deps.embedder;
  const changes = await openChangeFeed(deps.database);
  const ctx: AppContext = {
    ...deps,
    clock: deps.clock ?? (() => new Date()),
    embedder,
    embeddings: new EmbeddingCache(embedder),
    changes,
    results: new ResultCache(),
    vocabulary: new CorpusVocabulary(deps.database.db),
  };
  changes.subscribe((change) => {
    ctx.results.apply(change);
    ctx.vocabulary.apply(change);
  });
  // Read the corpus's vocabulary while the server starts (0.7-0.9 s at 100k workers), not on the first search.
  app.addHook('onReady', async () => {
    ctx.vocabulary.get().catch((err: unknown) => app.log.warn({ err }, 'vocabulary not loaded yet'));
  });
  // Expired Idempotency-Keys go at start and hourly after.
  let purging: ReturnType<typeof purgeExpiredKeys> | undefined;
  app.addHook('onReady', async () => {
    purging = purgeExpiredKeys(deps.database, app.log);
    await purging.first;
  });
  app.addHook('onClose', async () => {
    purging?.stop();
    ctx.vocabulary.close();
    await changes.close();
  });

  await app.register(swaggerPlugin);
  await app.register(errorsPlugin);
  await app.register(protocolPlugin);
  await app.register(authPlugin, { keys: deps.config.API_KEYS, failuresPerMinute: deps.config.AUTH_FAILURES_PER_MINUTE });
  await app.register(limitsPlugin, {
    perMinute: deps.config.RATE_LIMIT_PER_MINUTE,
    // An embedded database runs every query on the event loop, so there the delay measures database work, not overload.
    maxEventLoopDelayMs: deps.database.embedded ? 0 : deps.config.SHED_EVENT_LOOP_DELAY_MS,
    maxDbWaiting: deps.config.SHED_DB_WAITING,
    dbWaiting: () => deps.database.poolFigures().waiting,
  });
  if (metrics) await app.register(metricsPlugin, { metrics, ctx });

  await app.register(healthRoutes, { ctx });
  await app.register(workerRoutes, { ctx });
  await app.register(matrixRoutes, { ctx });
  await app.register(adminRoutes, { ctx });
  await app.register(validateRoutes, { ctx });
  await app.register(fillRoutes, { ctx });
  await app.register(consoleRoutes, { root: deps.consoleDir ?? defaultConsoleDir() });
  return app;
}
