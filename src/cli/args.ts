import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** A wrong command line: runMain prints it with the usage and exits 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CommandSpec<O extends Options> {
  /** The usage text printed by --help (stdout, exit 0) and after a usage error (stderr, exit 2). */
  usage: string;
  options: O;
}

/**
 * Parses a command's flags strictly (node:util parseArgs): an unknown flag, a
 * positional argument or a missing value is a UsageError (exit 2), and
 * `--help`/`-h` prints the usage and exits 0 before the command does anything.
 */
export function parseCommandLine<O extends Options>(spec: CommandSpec<O>, argv: string[] = process.argv.slice(2)): FlagValues<O> {
  const options: Options = { ...spec.options, help: { type: 'boolean', short: 'h' } };
  let values: Record<string, string | boolean | Array<string | boolean> | undefined>;
  try {
    values = parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message, spec.usage);
  }
  if (values.help) {
    process.stdout.write(`${spec.usage.trim()}\n`);
    process.exit(0);
  }
  delete values.help;
  return values as FlagValues<O>;
}

/** Parsed flags: booleans for `type: 'boolean'`, strings otherwise; absent flags are undefined. */
export type FlagValues<O extends Options> = { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : string };

/** A flag that must be an integer in [min, max]; `undefined` when absent and no default. */
export function integerFlag(
  spec: { usage: string },
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
  fallback?: number,
): number | undefined {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be an integer ${min}..${max}, got ${JSON.stringify(raw)}`, spec.usage);
  return n;
}
