import { type Config, ConfigError, loadConfig } from '../config.ts';
import { UsageError } from './args.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { type Database, openDatabase } from '../db/open.ts';
import { configuredEmbedder } from '../embed/configured.ts';
import { ensureCorpusEmbedder } from '../embed/corpus.ts';
import type { Embedder } from '../embed/embedder.ts';

export interface Runtime {
  config: Config;
  database: Database;
  embedder: Embedder;
}

/** Config, a migrated database and the embedder that owns its corpus: what every command starts from. */
export async function openRuntime(opts: { checkEmbedder?: boolean } = {}): Promise<Runtime> {
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    poolMax: config.DB_POOL_MAX,
    connectionLifetimeS: config.DB_CONNECTION_LIFETIME_S,
    replicaUrls: config.DATABASE_REPLICA_URLS,
    replicaMaxLagMs: config.DATABASE_REPLICA_MAX_LAG_MS,
    replicaWaitMs: config.DATABASE_REPLICA_WAIT_MS,
  });
  try {
    await migrateDatabase(database);
    const embedder = configuredEmbedder(config);
    if (opts.checkEmbedder !== false) await ensureCorpusEmbedder(database.db, embedder);
    return { config, database, embedder };
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
}

/** A command that ran but did not do all it was asked (e.g. rows skipped): exits with `exitCode`. */
export class Incomplete extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'Incomplete';
  }
}

/** Runs a command's main: a failure prints one clear line and exits non-zero (2 for a wrong command line). */
export function runMain(main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n${err.usage.trim()}\n`);
      process.exit(2);
    }
    const message = err instanceof ConfigError ? err.message : `error: ${(err as Error)?.message ?? String(err)}`;
    process.stderr.write(`${message}\n`);
    process.exit(err instanceof Incomplete ? err.exitCode : 1);
  });
}

/** `--name value` / `--name=value` flags of a command line (the bench scripts; commands use parseCommandLine). */
export function parseFlags(argv: string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument ${JSON.stringify(argv[i])}`);
    if (m[2] !== undefined) flags.set(m[1], m[2]);
    else if (argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) flags.set(m[1], argv[++i]);
    else flags.set(m[1], 'true');
  }
  return flags;
}
