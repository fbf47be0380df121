import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Embedder } from '../../embed/embedder.ts';
import type { SearchAnswer } from '../../matrix/search.ts';
import type { AppContext } from '../context.ts';

declare module 'fastify' {
  /** Set by the search route; counted when the response is sent. */
  interface FastifyRequest {
    searchPlan?: SearchAnswer['plan'];
  }
}

export interface Metrics {
  registry: Registry;
  embedSeconds: Histogram<'outcome'>;
}

/** Every application metric carries this prefix; Node's default process_* and nodejs_* metrics keep their standard names. */
export const METRIC_PREFIX = 'staffing_matrix_';

const SECONDS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

// 201s on these routes (not idempotent replays) are the writes operators watch; a fill's playbook counts as a fill.
const WRITES: Record<string, string> = {
  'POST /v1/matrix/playbooks/record': 'playbook',
  'POST /v1/fills': 'fill',
};

/** A registry per app, not prom-client's global one: tests build many apps in one process. */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // prom-client's sums of the per-type nodejs_active_{handles,requests,resources} gauges are gauges named
  // `_total`, which Prometheus reserves for counters; the per-type gauges carry the same figures.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'])
    registry.removeSingleMetric(name);
  const embedSeconds = new Histogram({
    name: `${METRIC_PREFIX}embed_duration_seconds`,
    help: 'Time per embedder call (one query text, or one batch on worker writes)',
    labelNames: ['outcome'],
    buckets: SECONDS,
    registers: [registry],
  });
  return { registry, embedSeconds };
}

/** The embedder, timing every call into `histogram`. */
export function timedEmbedder(embedder: Embedder, histogram: Histogram<'outcome'>): Embedder {
  return {
    id: embedder.id,
    dim: embedder.dim,
    ready: () => embedder.ready(),
    async embed(texts) {
      const end = histogram.startTimer();
      try {
        const vectors = await embedder.embed(texts);
        end({ outcome: 'ok' });
        return vectors;
      } catch (err) {
        end({ outcome: 'error' });
        throw err;
      }
    },
  };
}

type CacheFigure = (s: { hits: number; misses: number; size: number }) => number;

function registerCollected(registry: Registry, ctx: AppContext) {
  const registers = [registry];
  const caches = () => ({ embedding: ctx.embeddings.stats(), results: ctx.results.stats() });
  const cacheCounter = (name: string, help: string, pick: CacheFigure) =>
    new Counter({
      name,
      help,
      labelNames: ['cache'],
      registers,
      collect() {
        this.reset();
        for (const [cache, stats] of Object.entries(caches())) this.inc({ cache }, pick(stats));
      },
    });
  cacheCounter(`${METRIC_PREFIX}cache_hits_total`, 'Cache lookups answered from the cache', (s) => s.hits);
  cacheCounter(`${METRIC_PREFIX}cache_misses_total`, 'Cache lookups that had to compute', (s) => s.misses);
  new Gauge({
    name: `${METRIC_PREFIX}cache_entries`,
    help: 'Entries held',
    labelNames: ['cache'],
    registers,
    collect() {
      for (const [cache, stats] of Object.entries(caches())) this.set({ cache }, stats.size);
    },
  });
  new Counter({
    name: `${METRIC_PREFIX}result_cache_invalidations_total`,
    help: 'Change notifications applied to the result cache',
    registers,
    collect() {
      this.reset();
      this.inc(ctx.results.stats().invalidations);
    },
  });
  // Gauges: `_total` is the suffix of counters only, so the open-connections gauge is `_connections`.
  const poolGauges = [
    ['connections', 'total', 'Connections open'],
    ['idle_connections', 'idle', 'Connections idle'],
    ['waiting_queries', 'waiting', 'Queries queued for a connection'],
  ] as const;
  for (const [suffix, key, help] of poolGauges) {
    new Gauge({
      name: `${METRIC_PREFIX}db_pool_${suffix}`,
      help: `Database pool: ${help}`,
      registers,
      collect() {
        this.set(ctx.database.poolFigures()[key]);
      },
    });
  }
}

/**
 * Prometheus metrics at GET /metrics (operator): request latency by route,
 * method and status, search plans, cache figures, embed latency, pool figures,
 * playbook and fill writes, and Node's process metrics.
 */
export const metricsPlugin = fp(
  async (app: FastifyInstance, { metrics, ctx }: { metrics: Metrics; ctx: AppContext }) => {
    const { registry } = metrics;
    const registers = [registry];
    const requestSeconds = new Histogram({
      name: `${METRIC_PREFIX}http_request_duration_seconds`,
      help: 'Time from request to response, by route pattern',
      labelNames: ['method', 'route', 'status'],
      buckets: SECONDS,
      registers,
    });
    const plans = new Counter({
      name: `${METRIC_PREFIX}search_plans_total`,
      help: 'Searches by plan: hnsw, exact, or answered from the result cache',
      labelNames: ['plan'],
      registers,
    });
    const writes = new Counter({
      name: `${METRIC_PREFIX}writes_total`,
      help: 'Playbooks recorded and fills booked (201 answers)',
      labelNames: ['kind'],
      registers,
    });
    registerCollected(registry, ctx);

    app.decorateRequest('searchPlan', undefined);
    app.addHook('onResponse', async (req, reply) => {
      // The pattern, never the raw URL: ids and query strings would make a series per request.
      const route = req.routeOptions.url ?? 'unmatched';
      requestSeconds.observe({ method: req.method, route, status: reply.statusCode }, reply.elapsedTime / 1000);
      if (req.searchPlan) plans.inc({ plan: req.searchPlan });
      const kind = reply.statusCode === 201 ? WRITES[`${req.method} ${route}`] : undefined;
      if (kind && !reply.getHeader('idempotent-replayed')) writes.inc({ kind });
    });

    app.get(
      '/metrics',
      {
        schema: { tags: ['operations'], produces: ['text/plain'] },
        config: { roles: ['operator'] },
      },
      async (_req, reply) => reply.type(registry.contentType).send(await registry.metrics()),
    );
  },
  { name: 'metrics' },
);
