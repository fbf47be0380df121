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
import { fillRoutes } from './routes/fills.ts';
import { healthRoutes } from './routes/health.ts';
import { matrixRoutes } from './routes/matrix.ts';
import { validateRoutes } from './routes/validate.ts';
import { workerRoutes } from './routes/workers.ts';

// A 1000-worker batch with long summaries stays well under this.
const BODY_LIMIT = 5 * 1024 * 1024;

/** The one place the app is assembled: external plugins, then app plugins, then routes. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    logger: loggerOptions(deps.config.LOG_LEVEL, deps.logStream),
    bodyLimit: BODY_LIMIT,
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
  app.addHook('onReady', async () => { ctx.vocabulary.get().catch((err: unknown) => app.log.warn({ err }, 'vocabulary not loaded yet')); });
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
  await app.register(authPlugin, { keys: deps.config.API_KEYS });
  await app.register(limitsPlugin, {
    perMinute: deps.config.RATE_LIMIT_PER_MINUTE,
    // PGlite runs every query on the event loop, so there the delay measures database work, not overload.
    maxEventLoopDelayMs: deps.database.kind === 'pglite' ? 0 : deps.config.SHED_EVENT_LOOP_DELAY_MS,
    maxDbWaiting: deps.config.SHED_DB_WAITING,
    pool: deps.database.pool,
  });
  if (metrics) await app.register(metricsPlugin, { metrics, ctx });

  await app.register(healthRoutes, { ctx });
  await app.register(workerRoutes, { ctx });
  await app.register(matrixRoutes, { ctx });
  await app.register(adminRoutes, { ctx });
  await app.register(validateRoutes, { ctx });
  await app.register(fillRoutes, { ctx });
  return app;
}
