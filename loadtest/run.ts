import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { dirname } from 'node:path';
import { ensureReady, sampleCorpus, type CorpusSample, type Target } from './corpus.ts';
import { parseOptions, thresholdBreaches, USAGE, type Options } from './options.ts';
import { queryPool, rotatingPool } from './queries.ts';
import { seededRandom } from '../src/demo/random.ts';
import { cpuMsPerScenario, markdownReport, type HttpFigures } from './report.ts';
import { statementsProbe } from './statements.ts';
import { listenerPid, ResourceSampler, type Footprint, type Footprints } from './resources.ts';
import { scenarioPicker, type Env } from './scenarios.ts';
import { requestSequence } from './sequence.ts';
import { randomShiftBase, shiftClock } from './shifts.ts';
import { failureText, progressLine, table, Tally, type FailureKind, type Resources, type Summary } from './stats.ts';

const PROGRESS_MS = 2000;

const say = (line: string) => process.stderr.write(`${line}\n`);

function targetOf(options: Options): Target {
  return {
    origin: options.url.origin,
    basePath: options.url.pathname.replace(/\/+$/, ''),
    headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
  };
}

function isLocalHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '');
  if (['localhost', '0.0.0.0', '::'].includes(bare)) return true;
  return Object.values(networkInterfaces()).flat().some((i) => i?.address === bare);
}

/** The service's pid: --service-pid, else whoever listens on the URL's port when the URL is this machine. */
function servicePid(options: Options): number | null {
  if (options.servicePid !== undefined) return options.servicePid;
  if (!isLocalHost(options.url.hostname)) return null;
  const port = Number(options.url.port || (options.url.protocol === 'https:' ? 443 : 80));
  return listenerPid(port);
}

async function fillTargets(options: Options, target: Target): Promise<CorpusSample | null> {
  if (options.weights.surge_fill_validate === 0) return null;
  const corpus = await sampleCorpus(target);
  if (corpus.targets.length === 0) {
    throw new Error(`surge_fill_validate needs a city/state/role with 2+ active workers; none among the ${corpus.sampled} workers sampled`);
  }
  return corpus;
}

function resources(f: Footprints): Resources {
  return {
    service_rss_mb: f.service?.rssPeakMb ?? null,
    service_cpu_pct: f.service?.cpuMeanPct ?? null,
    postgres_rss_mb: f.postgres?.rssPeakMb ?? null,
    postgres_cpu_pct: f.postgres?.cpuMeanPct ?? null,
  };
}

function footprintLine(label: string, f: Footprint | null, runs: number): string {
  if (!f) return `  ${label}: not found`;
  const pss = f.pssPeakMb === null ? '' : ` (PSS peak ${f.pssPeakMb} MB)`;
  return `  ${label}: ${f.processes} process(es), RSS peak ${f.rssPeakMb} MB, mean ${f.rssMeanMb} MB${pss}; CPU mean ${f.cpuMeanPct} %, peak ${f.cpuPeakPct} % of one core; ${cpuMsPerScenario(f, runs)} ms CPU per scenario`;
}

function httpFigures(result: autocannon.Result): HttpFigures {
  const statusCodes: Record<string, number> = {};
  for (const [code, { count }] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = Number(count ?? 0);
  const requests = Object.values(statusCodes).reduce((a, b) => a + b, 0);
  return { requests, non2xx: result.non2xx, errors: result.errors, timeouts: result.timeouts, statusCodes };
}

/** Runs the load with live progress; resolves with autocannon's result and the measured duration. */
function load(options: Options, target: Target, requests: autocannon.Request[], tally: Tally): Promise<{ result: autocannon.Result; durationS: number }> {
  const t0 = performance.now();
  let last = { at: t0, runs: 0 };
  const ticker = setInterval(() => {
    const now = performance.now();
    const { runs, failures } = tally.totals();
    say(progressLine((now - t0) / 1000, runs, failures, ((runs - last.runs) * 1000) / (now - last.at)));
    last = { at: now, runs };
  }, PROGRESS_MS);
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: target.origin, connections: options.concurrency, duration: options.durationS,
      timeout: options.timeoutS, headers: target.headers, requests,
    }, (error, result) => {
      tally.close();
      clearInterval(ticker);
      if (error) reject(error);
      else resolve({ result, durationS: (performance.now() - t0) / 1000 });
    });
    const interrupt = (signal: string) => {
      say(`${signal}: stopping the load and reporting what ran`);
      instance.stop();
    };
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
  });
}

function workflowEnv(options: Options, corpus: CorpusSample | null, shiftBase: number): Env {
  const runTag = Date.now().toString(36);
  let refs = 0;
  return {
    random: seededRandom(options.seed), queries: options.rotate ? rotatingPool(options.seed, options.rotate) : queryPool(options.seed), shifts: shiftClock(shiftBase),
    targets: corpus?.targets ?? [], k: options.k, nextRef: () => `lt-${runTag}-${++refs}`,
  };
}

function resultText(summary: Summary, footprints: Footprints, kinds: FailureKind[], reportPath: string): string {
  const failureLines = kinds.map((k) => `  ${String(k.count).padStart(7)}  ${failureText(k.scenario, k.examples[0])}`);
  return [
    table(summary),
    '',
    'resources (sampled from /proc every second):',
    footprintLine(`service (pid ${footprints.servicePid ?? '?'} and descendants)`, footprints.service, summary.total.runs),
    footprintLine('PostgreSQL', footprints.postgres, summary.total.runs),
    footprintLine('load generator', footprints.loadgen, summary.total.runs),
    ...(kinds.length > 0 ? ['', 'failures by kind:', ...failureLines] : []),
    '',
    `report: ${reportPath}`,
    '',
  ].join('\n');
}

/** Options, or the exit code when there is nothing to run. */
function optionsOrExit(): Options | number {
  try {
    const options = parseOptions(process.argv.slice(2));
    if (options) return options;
    process.stdout.write(`${USAGE}\n`);
    return 0;
  } catch (error) {
    say(`${(error as Error).message}\nusage: ${USAGE}`);
    return 2;
  }
}

async function main(): Promise<number> {
  const options = optionsOrExit();
  if (typeof options === 'number') return options;
  const target = targetOf(options);
  let corpus: CorpusSample | null;
  try {
    await ensureReady(target);
    corpus = await fillTargets(options, target);
  } catch (error) {
    say(`service not ready for the load test: ${(error as Error).message}`);
    return 2;
  }
  const pid = servicePid(options);
  say(pid === null ? 'service process not found on this machine: its footprint will be missing' : `service process: pid ${pid}`);

  const shiftBase = randomShiftBase();
  const env = workflowEnv(options, corpus, shiftBase);
  const tally = new Tally();
  const requests = requestSequence({
    env, pick: scenarioPicker(options.weights, env.random), basePath: target.basePath,
    finish: (scenario, latencyMs, failure) => {
      if (tally.record(scenario, latencyMs, failure) && failure) say(failureText(scenario, failure));
    },
  });

  const statements = options.pgUrl ? await statementsProbe(options.pgUrl) : undefined;
  const sampler = new ResourceSampler(pid);
  sampler.start();
  const startedAt = new Date();
  say(`${options.concurrency} connections for ${options.durationS} s against ${options.url.href}`);
  const { result, durationS } = await load(options, target, requests, tally);
  const footprints = sampler.stop();

  const runs = tally.summary(durationS, options.concurrency, resources(footprints));
  const summary = {
    ...runs,
    cpu_ms_per_scenario: {
      service: cpuMsPerScenario(footprints.service, runs.total.runs),
      postgres: cpuMsPerScenario(footprints.postgres, runs.total.runs),
      load_generator: cpuMsPerScenario(footprints.loadgen, runs.total.runs),
    },
  };
  const breaches = thresholdBreaches(summary.scenarios, summary.total.per_sec, options);
  const kinds = [...tally.kinds.values()].sort((a, b) => b.count - a.count);
  mkdirSync(dirname(options.report), { recursive: true });
  writeFileSync(options.report, markdownReport({
    options, startedAt, summary, footprints, http: httpFigures(result), kinds, breaches,
    shiftBase: new Date(shiftBase).toISOString(),
    corpus: corpus && { sampled: corpus.sampled, targets: corpus.targets.length },
    statements: await statements?.finish(),
  }));
  process.stdout.write(resultText(summary, footprints, kinds, options.report));
  for (const breach of breaches) say(`threshold breached: ${breach}`);
  say(JSON.stringify(summary));
  return breaches.length > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    say(`load test failed: ${(error as Error).stack ?? error}`);
    process.exitCode = 2;
  },
);
