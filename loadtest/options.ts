import { parseArgs } from 'node:util';
import { parseBurst, type Burst } from './arrival.ts';
import { DEFAULT_WEIGHTS, parseWeights, type Weights } from './scenarios.ts';

export interface Options {
  /** The first of `urls`. */
  url: URL;
  /** Every instance of the service (`--url a,b`): calls go to them in turn. */
  urls: URL[];
  /** Open model: scenarios started per second (at the end of a ramp); undefined for the closed model. */
  arrivalRate?: number;
  /** `--ramp S`: the open model's rate goes linearly from S to --arrival-rate over the duration. */
  rampFrom?: number;
  maxInFlight: number;
  burst?: Burst;
  sampleEveryS: number;
  /** A workers file bulk-ingested into the service's database while the mix runs. */
  ingest?: string;
  concurrency: number;
  durationS: number;
  weights: Weights;
  seed: number;
  maxFailPct: number;
  minRate: number;
  report: string;
  apiKey?: string;
  servicePid?: number;
  /** PostgreSQL the service uses: its top statements go into the report. */
  pgUrl?: string;
  /** Searches rotate through this many fixed texts instead of always a new one (the earlier stack's method). */
  rotate?: number;
  timeoutS: number;
  k: number;
}

export const USAGE = `npm run loadtest -- --url http://127.0.0.1:3000[,http://127.0.0.1:3001] --concurrency 50 --duration 300s
  [--arrival-rate 100 [--max-in-flight 200] [--burst 4:10s/60s] [--ramp 10]]  open model instead of --concurrency
  [--sample-every 10s] [--ingest workers.jsonl --pg-url postgres://...]
  [--weights cold_search_email=35,surge_fill_validate=15,...]  listed scenarios only (default: the documented mix)
  [--seed 42] [--max-fail-pct 100] [--min-rate 0] [--report reports/multitier-<time>.md]
  [--api-key KEY] [--service-pid PID] [--pg-url postgres://...] [--rotate N] [--timeout 10] [--k 10]`;

const UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** `300s`, `5m`, `1h`, `1500ms` or bare seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new Error(`--duration: "${text}" is not a duration like 300s, 5m or 1h`);
  const seconds = Number(match[1]) * UNITS[match[2] ?? 's'];
  if (seconds <= 0) throw new Error('--duration must be above 0');
  return seconds;
}

function number(name: string, text: string | undefined, fallback: number, min: number, integer = false): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new Error(`--${name}: "${text}" must be ${integer ? 'an integer' : 'a number'} >= ${min}`);
  }
  return value;
}

function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/:/g, '');
}

/** Options from argv; throws with the offending flag named. Returns null for --help. */
export function parseOptions(argv: string[], now = new Date()): Options | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string' },
      concurrency: { type: 'string' },
      duration: { type: 'string' },
      weights: { type: 'string' },
      seed: { type: 'string' },
      'max-fail-pct': { type: 'string' },
      'min-rate': { type: 'string' },
      report: { type: 'string' },
      'api-key': { type: 'string' },
      'service-pid': { type: 'string' },
      'pg-url': { type: 'string' },
      rotate: { type: 'string' },
      timeout: { type: 'string' },
      k: { type: 'string' },
      'arrival-rate': { type: 'string' },
      'max-in-flight': { type: 'string' },
      burst: { type: 'string' },
      ramp: { type: 'string' },
      'sample-every': { type: 'string' },
      ingest: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  const urls = (values.url ?? 'http://127.0.0.1:3000').split(',').map((text) => {
    let url: URL;
    try {
      url = new URL(text.trim());
    } catch {
      throw new Error(`--url: "${text}" is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('--url must be http or https');
    return url;
  });
  const arrivalRate = values['arrival-rate'] === undefined ? undefined : number('arrival-rate', values['arrival-rate'], 0, 0.001);
  if (arrivalRate === undefined) {
    for (const flag of ['max-in-flight', 'burst', 'ramp'] as const)
      if (values[flag] !== undefined) throw new Error(`--${flag} needs --arrival-rate`);
  } else if (values.concurrency !== undefined)
    throw new Error('--concurrency is the closed model; --arrival-rate the open one: give one of them');
  if (values.ingest !== undefined && values['pg-url'] === undefined) throw new Error("--ingest needs --pg-url, the service's database");
  if (values['service-pid'] !== undefined && urls.length > 1)
    throw new Error('--service-pid names one process: with several --url, the pids are found from the ports');
  const pid = values['service-pid'];
  const k = number('k', values.k, 10, 3, true);
  if (k > 100) throw new Error('--k: at most 100, as the search API allows');
  return {
    url: urls[0],
    urls,
    arrivalRate,
    rampFrom: values.ramp === undefined ? undefined : number('ramp', values.ramp, 0, 0),
    maxInFlight: number('max-in-flight', values['max-in-flight'], Math.max(50, Math.ceil(2 * (arrivalRate ?? 0))), 1, true),
    burst: values.burst === undefined ? undefined : parseBurst(values.burst, parseDuration),
    sampleEveryS: values['sample-every'] === undefined ? 10 : parseDuration(values['sample-every']),
    ingest: values.ingest,
    concurrency: number('concurrency', values.concurrency, 10, 1, true),
    durationS: parseDuration(values.duration ?? '30s'),
    weights: values.weights === undefined ? { ...DEFAULT_WEIGHTS } : parseWeights(values.weights),
    seed: number('seed', values.seed, 42, 0, true),
    maxFailPct: number('max-fail-pct', values['max-fail-pct'], 100, 0),
    minRate: number('min-rate', values['min-rate'], 0, 0),
    report: values.report ?? `reports/multitier-${stamp(now)}.md`,
    apiKey: values['api-key'],
    servicePid: pid === undefined ? undefined : number('service-pid', pid, 0, 1, true),
    pgUrl: values['pg-url'],
    rotate: values.rotate === undefined ? undefined : number('rotate', values.rotate, 0, 1, true),
    timeoutS: number('timeout', values.timeout, 10, 1, true),
    k,
  };
}

/** Reasons for a non-zero exit: a scenario over --max-fail-pct, or the rate under --min-rate. */
export function thresholdBreaches(
  scenarios: Record<string, { runs: number; fail_pct: number }>,
  perSec: number,
  options: Pick<Options, 'maxFailPct' | 'minRate'>,
): string[] {
  const breaches = Object.entries(scenarios)
    .filter(([, s]) => s.fail_pct > options.maxFailPct)
    .map(([name, s]) => `${name}: ${s.fail_pct}% failed > --max-fail-pct ${options.maxFailPct}`);
  if (perSec < options.minRate) breaches.push(`${perSec} scenarios/s < --min-rate ${options.minRate}`);
  return breaches;
}
