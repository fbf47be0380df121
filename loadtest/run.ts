import autocannon from 'autocannon';
import { mkdirSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { dirname } from 'node:path';
import { ArrivalProcess, burstWindows, rateAt, realClock, Scheduler, type RateProfile } from './arrival.ts';
import { checkSearchable, fileWorkers, runIngest, warmSearches, type IngestOutcome } from './ingest.ts';
import { leakVerdict, type Leaks } from './leaks.ts';
import { closedLoop, Runner, type InstanceFigures } from './runner.ts';
import { SeriesRecorder, track, type SeriesPoint } from './series.ts';
import { ensureReady, sampleCorpus, type CorpusSample, type Target } from './corpus.ts';
import { parseOptions, thresholdBreaches, USAGE, type Options } from './options.ts';
import { queryPool, rotatingPool } from './queries.ts';
import { seededRandom } from '../src/demo/random.ts';
import { cpuMsPerScenario, dataPath, machine, writeReport, type HttpFigures, type RunRecord } from './report.ts';
import { statementsProbe } from './statements.ts';
import { listenerPid, ResourceSampler, type Footprint, type Footprints } from './resources.ts';
import { scenarioPicker, type Env, type ScenarioName } from './scenarios.ts';
import type { Failure } from './workflow.ts';
import { requestSequence } from './sequence.ts';
import { randomShiftBase, shiftClock } from './shifts.ts';
import { failureText, progressLine, table, Tally, type FailureKind, type Resources, type Summary } from './stats.ts';

const PROGRESS_MS = 2000;
/** Ingested workers looked up by search after an ingest (and once before it, to hold a stale answer in the cache). */
const INGEST_SAMPLE = 30;
/** Share of the run before the ingest CLI is started (it then needs a few seconds to start reading). */
const INGEST_AT = 0.15;

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
  return Object.values(networkInterfaces())
    .flat()
    .some((i) => i?.address === bare);
}

/** An instance's pid: --service-pid, else whoever listens on the URL's port when the URL is this machine. */
function servicePid(options: Options, url: URL): number | null {
  if (options.servicePid !== undefined) return options.servicePid;
  if (!isLocalHost(url.hostname)) return null;
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
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

function progress(tally: Tally, extra: () => string = () => ''): () => void {
  const t0 = performance.now();
  let last = { at: t0, runs: 0 };
  const ticker = setInterval(() => {
    const now = performance.now();
    const { runs, failures } = tally.totals();
    say(progressLine((now - t0) / 1000, runs, failures, ((runs - last.runs) * 1000) / (now - last.at)) + extra());
    last = { at: now, runs };
  }, PROGRESS_MS);
  return () => clearInterval(ticker);
}

/** Runs the load with live progress; resolves with autocannon's result and the measured duration. */
function load(
  options: Options,
  target: Target,
  requests: autocannon.Request[],
  tally: Tally,
): Promise<{ result: autocannon.Result; durationS: number }> {
  const t0 = performance.now();
  const stopProgress = progress(tally);
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: target.origin,
        connections: options.concurrency,
        duration: options.durationS,
        timeout: options.timeoutS,
        headers: target.headers,
        requests,
      },
      (error, result) => {
        tally.close();
        stopProgress();
        if (error) reject(error);
        else resolve({ result, durationS: (performance.now() - t0) / 1000 });
      },
    );
    const interrupt = (signal: string) => {
      say(`${signal}: stopping the load and reporting what ran`);
      instance.stop();
    };
    process.once('SIGINT', interrupt);
    process.once('SIGTERM', interrupt);
  });
}

interface OpenLoad {
  durationS: number;
  http: HttpFigures;
  instances: InstanceFigures[];
}

function profileOf(options: Options): RateProfile | undefined {
  if (options.arrivalRate === undefined) return undefined;
  return {
    startPerS: options.rampFrom ?? options.arrivalRate,
    targetPerS: options.arrivalRate,
    durationS: options.durationS,
    burst: options.burst,
  };
}

/**
 * The open model (--arrival-rate), or the closed one over several instances: workflows on the
 * undici runner. Runs still open when the duration ends get up to --timeout to finish (not counted).
 */
async function loadOnRunner(options: Options, runner: Runner, tally: Tally, scheduler: Scheduler | null): Promise<OpenLoad> {
  const t0 = performance.now();
  const inFlight = new Set<Promise<void>>();
  const launch = (intendedAtMs: number) => {
    const run = runner.runScenario(intendedAtMs);
    inFlight.add(run);
    return run.finally(() => inFlight.delete(run));
  };
  const stopProgress = progress(tally, () =>
    scheduler ? `, ${scheduler.figures.dropped} dropped, ${scheduler.figures.inFlight} in flight` : '',
  );
  let stopped = false;
  const deadline = setTimeout(() => {
    stopped = true;
    scheduler?.stop();
  }, options.durationS * 1000);
  const interrupt = (signal: string) => {
    say(`${signal}: stopping the load and reporting what ran`);
    stopped = true;
    clearTimeout(deadline);
    scheduler?.stop();
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  if (scheduler) await scheduler.run();
  else await closedLoop(options.concurrency, () => stopped, launch);
  clearTimeout(deadline);
  const durationS = (performance.now() - t0) / 1000;
  tally.close();
  stopProgress();
  await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, options.timeoutS * 1000))]);
  const instances = runner.figures();
  await runner.close();
  const statusCodes: Record<string, number> = {};
  for (const i of instances) for (const [code, n] of Object.entries(i.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + n;
  const sum = (k: 'requests' | 'non2xx' | 'errors' | 'timeouts') => instances.reduce((a, i) => a + i[k], 0);
  return {
    durationS,
    instances,
    http: { requests: sum('requests'), non2xx: sum('non2xx'), errors: sum('errors'), timeouts: sum('timeouts'), statusCodes },
  };
}

function workflowEnv(options: Options, corpus: CorpusSample | null, shiftBase: number): Env {
  const runTag = Date.now().toString(36);
  let refs = 0;
  return {
    random: seededRandom(options.seed),
    queries: options.rotate ? rotatingPool(options.seed, options.rotate) : queryPool(options.seed),
    shifts: shiftClock(shiftBase),
    targets: corpus?.targets ?? [],
    k: options.k,
    nextRef: () => `lt-${runTag}-${++refs}`,
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
  const pids = options.urls.map((url) => servicePid(options, url));
  pids.forEach((pid, i) => {
    say(
      pid === null
        ? `${options.urls[i].href}: process not found on this machine: its footprint will be missing`
        : `${options.urls[i].href}: pid ${pid}`,
    );
  });

  const shiftBase = randomShiftBase();
  const env = workflowEnv(options, corpus, shiftBase);
  const tally = new Tally();
  const pick = scenarioPicker(options.weights, env.random);
  const finish = (scenario: ScenarioName, latencyMs: number, failure?: Failure) => {
    if (tally.record(scenario, latencyMs, failure) && failure) say(failureText(scenario, failure));
  };
  const profile = profileOf(options);
  const onRunner = profile !== undefined || options.urls.length > 1;
  const runner = onRunner
    ? new Runner({
        env,
        pick,
        urls: options.urls,
        headers: target.headers,
        connections: profile ? options.maxInFlight : options.concurrency,
        timeoutS: options.timeoutS,
        finish,
      })
    : null;
  const scheduler =
    profile && runner
      ? new Scheduler(new ArrivalProcess(profile, seededRandom(options.seed + 1).next), options.maxInFlight, realClock, (at) =>
          runner.runScenario(at),
        )
      : null;

  let ingestFile: Awaited<ReturnType<typeof fileWorkers>> | undefined;
  if (options.ingest) {
    try {
      ingestFile = await fileWorkers(options.ingest, INGEST_SAMPLE);
    } catch (error) {
      say(`--ingest: ${(error as Error).message}`);
      return 2;
    }
    if (ingestFile.ids.length === 0) {
      say(`--ingest: no worker records in ${options.ingest}`);
      return 2;
    }
  }
  let phase: string | null = null;
  const enter = (name: string) => {
    phase = name;
    tally.setPhase(name);
  };

  const statements = options.pgUrl ? await statementsProbe(options.pgUrl) : undefined;
  const sampler = new ResourceSampler(pids.filter((p): p is number => p !== null));
  const series = new SeriesRecorder(
    {
      tally,
      headers: target.headers,
      pgUrl: options.pgUrl,
      instances: options.urls.map((url, i) => ({ metricsUrl: `${url.origin}${url.pathname.replace(/\/+$/, '')}/metrics`, pid: pids[i] })),
      state: (tS) => ({
        dropped: scheduler?.figures.dropped ?? 0,
        inFlight: scheduler?.figures.inFlight ?? 0,
        targetPerS: profile ? rateAt(profile, tS) : null,
        phase,
      }),
    },
    options.sampleEveryS,
  );
  await series.start();
  sampler.start();
  const startedAt = new Date();
  say(
    profile
      ? `${profile.startPerS === profile.targetPerS ? profile.targetPerS : `${profile.startPerS} -> ${profile.targetPerS}`} scenarios/s (Poisson${options.burst ? `, x${options.burst.factor} bursts` : ''}), at most ${options.maxInFlight} in flight, for ${options.durationS} s against ${options.urls.map((u) => u.href).join(', ')}`
      : `${options.concurrency} connections for ${options.durationS} s against ${options.urls.map((u) => u.href).join(', ')}`,
  );
  const loadT0 = performance.now();
  const atS = () => Math.round((performance.now() - loadT0) / 100) / 10;
  let ingest: Promise<IngestOutcome> | undefined;
  let ingestWindow: [number, number] | null = null;
  let ingestTimer: NodeJS.Timeout | undefined;
  if (ingestFile && options.ingest && options.pgUrl) {
    const { sample } = ingestFile;
    const file = options.ingest;
    const pgUrl = options.pgUrl;
    enter('before');
    ingest = new Promise((resolveIngest) => {
      // The first INGEST_AT of the run gives the "before" figures; the ingest then runs while the mix goes on.
      ingestTimer = setTimeout(
        async () => {
          await warmSearches(target, sample);
          let from = atS();
          const outcome = await runIngest(file, pgUrl, () => {
            enter('during');
            from = atS();
            say(`ingest of ${file} loading from ${from} s`);
          });
          ingestWindow = [from, atS()];
          enter('after');
          say(`ingest ${outcome.error ? `failed: ${outcome.error}` : 'done'}: ${outcome.output}`);
          resolveIngest(outcome);
        },
        options.durationS * 1000 * INGEST_AT,
      );
    });
  }
  let durationS: number;
  let http: HttpFigures;
  let instances: InstanceFigures[];
  if (runner) {
    ({ durationS, http, instances } = await loadOnRunner(options, runner, tally, scheduler));
  } else {
    const requests = requestSequence({ env, pick, basePath: target.basePath, finish });
    const closed = await load(options, target, requests, tally);
    durationS = closed.durationS;
    http = httpFigures(closed.result);
    instances = [
      {
        url: options.url.href,
        requests: http.requests,
        non2xx: http.non2xx,
        errors: http.errors,
        timeouts: http.timeouts,
        statusCodes: http.statusCodes,
        p50_ms: closed.result.latency.p50,
        p99_ms: closed.result.latency.p99,
      },
    ];
  }
  const footprints = sampler.stop();
  const points = await series.stop();
  let ingestRecord: RunRecord['ingest'];
  if (ingest && ingestFile && options.ingest && options.pgUrl) {
    if (ingestWindow === null) say('the load ended before the ingest: waiting for it');
    clearTimeout(ingestTimer);
    const outcome = await ingest;
    const searchable = outcome.error ? null : await checkSearchable(target, options.pgUrl, ingestFile.ids, ingestFile.sample);
    ingestRecord = {
      file: options.ingest,
      window_s: ingestWindow,
      output: outcome.output,
      phases: tally.phaseLines(),
      searchable,
      figures: { rows: outcome.rows, rows_per_s: outcome.rowsPerS, failures: outcome.bad + (outcome.error ? 1 : 0) },
    };
  }
  const leaks = leaksOf(points, durationS);

  const runs = tally.summary(durationS, profile ? options.maxInFlight : options.concurrency, resources(footprints), {
    mode: profile ? 'arrival' : 'closed',
    dropped: scheduler?.figures.dropped ?? 0,
  });
  const summary = {
    ...runs,
    cpu_ms_per_scenario: {
      service: cpuMsPerScenario(footprints.service, runs.total.runs),
      postgres: cpuMsPerScenario(footprints.postgres, runs.total.runs),
      load_generator: cpuMsPerScenario(footprints.loadgen, runs.total.runs),
    },
    instances: instances.map((i) => ({
      url: i.url,
      requests: i.requests,
      per_sec: durationS > 0 ? Math.round((100 * i.requests) / durationS) / 100 : 0,
      non2xx: i.non2xx,
      errors: i.errors,
      timeouts: i.timeouts,
      p50_ms: i.p50_ms,
      p99_ms: i.p99_ms,
    })),
    ingest: ingestRecord?.figures ?? null,
    leaks: {
      rss_mb_per_h: leaks.rss_mb_per_h,
      fds_per_h: leaks.fds_per_h,
      connections_per_h: leaks.connections_per_h,
      verdict: leaks.verdict,
    },
  };
  const breaches = [...thresholdBreaches(summary.scenarios, summary.total.per_sec, options), ...ingestBreaches(ingestRecord)];
  const kinds = [...tally.kinds.values()].sort((a, b) => b.count - a.count);
  const record: RunRecord = {
    options: { ...options, url: options.url.href, urls: options.urls.map((u) => u.href) },
    startedAt: startedAt.toISOString(),
    summary,
    footprints,
    http,
    kinds,
    breaches,
    shiftBase: new Date(shiftBase).toISOString(),
    corpus: corpus && { sampled: corpus.sampled, targets: corpus.targets.length },
    statements: await statements?.finish(),
    series: points,
    leaks,
    bursts: profile ? burstWindows(profile) : [],
    ingestWindow,
    ingest: ingestRecord,
    distribution: tally.distribution(),
    machine: machine(),
  };
  mkdirSync(dirname(options.report), { recursive: true });
  writeFileSync(dataPath(options.report), `${JSON.stringify(record)}\n`);
  await writeReport(record, options.report);
  process.stdout.write(resultText(summary, footprints, kinds, options.report));
  for (const breach of breaches) say(`threshold breached: ${breach}`);
  say(JSON.stringify(summary));
  return breaches.length > 0 ? 1 : 0;
}

/** Ingest under load must lose nothing: no bad row, no failed process, every worker in the database and found by search. */
function ingestBreaches(record: RunRecord['ingest']): string[] {
  if (!record) return [];
  const out: string[] = [];
  if (record.figures.failures > 0) out.push(`ingest: ${record.figures.failures} failure(s): ${record.output}`);
  if (!record.phases.during?.runs)
    out.push('ingest: no run of the mix finished while the ingest was loading (give the run a longer --duration)');
  const s = record.searchable;
  if (s && s.in_database < s.expected)
    out.push(`ingest: ${s.expected - s.in_database} of ${s.expected} ingested workers missing from the database or without an embedding`);
  if (s && s.found < s.checked)
    out.push(`ingest: ${s.checked - s.found} of ${s.checked} sampled workers not found by search afterwards (${s.misses.join(', ')})`);
  return out;
}

function leaksOf(points: SeriesPoint[], durationS: number): Leaks {
  return leakVerdict(
    {
      rss_mb_per_h: track(points, (i) => i.rss_mb),
      heap_mb_per_h: track(points, (i) => i.heap_mb),
      fds_per_h: track(points, (i) => i.fds),
      connections_per_h: track(points, (i) => i.pool_total),
      pg_backends_per_h: points.map((p) => [p.t_s, p.pg_backends]),
    },
    durationS,
  );
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
