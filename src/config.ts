import { BlockList, isIP } from 'node:net';
import { z } from 'zod';

const ROLES = ['coordinator', 'operator'] as const;
export type Role = (typeof ROLES)[number];

const apiKeys = z.string().transform((raw, ctx) => {
  const keys = new Map<string, Role>();
  for (const part of raw
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const i = part.indexOf(':');
    const role = part.slice(0, i) as Role;
    const key = part.slice(i + 1);
    if (i < 1 || !ROLES.includes(role) || key.length < 8) {
      ctx.addIssue({
        code: 'custom',
        message: `each entry must be role:key with role coordinator|operator and a key of 8+ characters (bad entry #${keys.size + 1})`,
      });
      return z.NEVER;
    }
    keys.set(key, role);
  }
  return keys;
});

const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000, 0, 65535),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .url()
    .refine((u) => /^postgres(ql)?:/.test(u), 'must be a postgres:// URL')
    .optional(),
  // Streaming replicas of DATABASE_URL, comma-separated: searches, lists and validation reads go to them.
  DATABASE_REPLICA_URLS: z
    .string()
    .transform((raw, ctx) => {
      const urls = raw
        .split(',')
        .map((u) => u.trim())
        .filter(Boolean);
      for (const u of urls) {
        if (!/^postgres(ql)?:\/\/[^/]/.test(u) || !URL.canParse(u)) {
          ctx.addIssue({ code: 'custom', message: `each entry must be a postgres:// URL (bad entry ${JSON.stringify(u)})` });
          return z.NEVER;
        }
      }
      return urls;
    })
    .optional(),
  // A replica further behind the primary than this leaves rotation until it catches up.
  DATABASE_REPLICA_MAX_LAG_MS: int(1000, 10, 600_000),
  // A read after a write waits this long for a replica to replay it, then reads from the primary (0: at once).
  DATABASE_REPLICA_WAIT_MS: int(20, 0, 10_000),
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDER: z.enum(['hash', 'ollama']).default('hash'),
  OLLAMA_HOST: z.string().url().default('http://127.0.0.1:11434'),
  OLLAMA_MODEL: z.string().min(1).default('nomic-embed-text'),
  API_KEYS: apiKeys.optional(),
  SEED_DEMO: int(10000, 0, 1_000_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DB_POOL_MAX: int(10, 1, 200),
  // A pooled connection is closed and replaced after this many seconds (its cached plans go with it); 0 = never.
  DB_CONNECTION_LIFETIME_S: int(60, 0, 86_400),
  // Per API key (per client address when open); 0 turns the limiter off.
  RATE_LIMIT_PER_MINUTE: int(6000, 0, 10_000_000),
  // Load shedding: 503 when the mean event-loop delay or the pool's queue of waiting queries passes these; 0 = off.
  SHED_EVENT_LOOP_DELAY_MS: int(500, 0, 60_000),
  SHED_DB_WAITING: int(100, 0, 100_000),
  METRICS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  // Failed authentications (missing or wrong key) per client address per minute, before that address gets 429
  // on every keyed route until the minute ends; 0 = off. Independent of RATE_LIMIT_PER_MINUTE.
  AUTH_FAILURES_PER_MINUTE: int(30, 0, 1_000_000),
  // Without API_KEYS the service listens only on a loopback address unless this says the exposure is meant.
  ALLOW_OPEN: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // Longest a client may take to send one whole request (headers and body): 408 after it.
  REQUEST_TIMEOUT_MS: int(30_000, 1_000, 600_000),
  // After SIGTERM/SIGINT, in-flight requests get this long; then the remaining connections are cut and the
  // process exits 1. Below docker compose's 30 s stop_grace_period, so the process ends before it is killed.
  SHUTDOWN_DEADLINE_MS: int(20_000, 100, 600_000),
});

export type Config = z.output<typeof Env>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once; every bad variable is reported together. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`));
  }
  const config = parsed.data;
  if (config.DATABASE_REPLICA_URLS?.length && !config.DATABASE_URL) {
    throw new ConfigError([
      'DATABASE_REPLICA_URLS: needs DATABASE_URL (replicas are of a PostgreSQL primary; the embedded database has none)',
    ]);
  }
  if (config.NODE_ENV === 'production' && !config.API_KEYS?.size) {
    throw new ConfigError(['API_KEYS: required when NODE_ENV=production (the service will not run open in production)']);
  }
  if (!config.API_KEYS?.size && !isLoopback(config.HOST) && !config.ALLOW_OPEN) {
    throw new ConfigError([
      `HOST: ${config.HOST} is reachable from other machines and API_KEYS is not set, so every route, operator routes included, would be open to them; ` +
        'set API_KEYS, listen on 127.0.0.1, or set ALLOW_OPEN=true if an open service is really meant',
    ]);
  }
  return config;
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** 127.0.0.0/8, ::1 (IPv4-mapped too) and `localhost`; anything else, `0.0.0.0` and `::` included, reaches other machines. */
export function isLoopback(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  const family = isIP(h);
  return family !== 0 && LOOPBACK.check(h, family === 6 ? 'ipv6' : 'ipv4');
}
