import { parseFlags } from '../../src/cli/runtime.ts';

export const DEFAULT_URL = 'http://127.0.0.1:3300';
export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/sm_bench';

export interface BenchArgs {
  url: string;
  databaseUrl: string;
  flags: Map<string, string>;
  /** A numeric flag, or its default. */
  number(name: string, fallback: number): number;
  /** A comma-separated flag, or its default. */
  list(name: string, fallback: string[]): string[];
  has(name: string): boolean;
}

/** `--url`, `--database-url` and the script's own `--name value` flags. */
export function benchArgs(argv = process.argv.slice(2)): BenchArgs {
  const flags = parseFlags(argv);
  return {
    url: (flags.get('url') ?? DEFAULT_URL).replace(/\/$/, ''),
    databaseUrl: flags.get('database-url') ?? DEFAULT_DATABASE_URL,
    flags,
    number(name, fallback) {
      const raw = flags.get(name);
      if (raw === undefined) return fallback;
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${JSON.stringify(raw)}`);
      return n;
    },
    list: (name, fallback) =>
      flags
        .get(name)
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean) ?? fallback,
    has: (name) => flags.has(name),
  };
}
