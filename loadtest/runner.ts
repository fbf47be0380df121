import hdr from 'hdr-histogram-js';
import { Pool } from 'undici';
import { SCENARIOS, type Env, type ScenarioName } from './scenarios.ts';
import { CheckFailed, type Call, type Failure, type Reply } from './workflow.ts';

/** Requests and their latency as one instance answered them. */
export interface InstanceFigures {
  url: string;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  p50_ms: number | null;
  p99_ms: number | null;
}

class Instance {
  readonly pool: Pool;
  requests = 0;
  non2xx = 0;
  errors = 0;
  timeouts = 0;
  readonly statusCodes: Record<string, number> = {};
  readonly latencyUs = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 3_600_000_000,
    numberOfSignificantValueDigits: 3,
    useWebAssembly: false,
  });

  constructor(
    readonly url: URL,
    connections: number,
    timeoutMs: number,
  ) {
    this.pool = new Pool(url.origin, {
      connections,
      pipelining: 1,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      keepAliveTimeout: 30_000,
    });
  }

  figures(): InstanceFigures {
    const at = (p: number) => (this.requests === 0 ? null : Math.round(this.latencyUs.getValueAtPercentile(p) / 10) / 100);
    return {
      url: this.url.href,
      requests: this.requests,
      non2xx: this.non2xx,
      errors: this.errors,
      timeouts: this.timeouts,
      statusCodes: { ...this.statusCodes },
      p50_ms: at(50),
      p99_ms: at(99),
    };
  }
}

export interface RunnerPlan {
  env: Env;
  pick: () => ScenarioName;
  urls: URL[];
  headers: Record<string, string>;
  /** Connections per instance: at least the runs that may be in flight at once. */
  connections: number;
  timeoutS: number;
  /** Called once per finished run with its latency from the intended start. */
  finish: (scenario: ScenarioName, latencyMs: number, failure?: Failure) => void;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Runs whole workflows over undici connection pools, one pool per instance.
 * Each call goes to the next instance in turn, so with two instances the
 * consecutive steps of one workflow land on different instances (a playbook
 * recorded on one is replayed on the other). Used by the open model and by the
 * closed model with several instances; a single-instance closed run stays on
 * autocannon (sequence.ts).
 */
export class Runner {
  private readonly instances: Instance[];
  private turn = 0;

  constructor(private readonly plan: RunnerPlan) {
    this.instances = plan.urls.map((u) => new Instance(u, plan.connections, plan.timeoutS * 1000));
  }

  /** One workflow from its first call to its last reply; latency counts from `intendedAtMs`. */
  async runScenario(intendedAtMs: number): Promise<void> {
    const scenario = this.plan.pick();
    const workflow = SCENARIOS[scenario](this.plan.env);
    let reply: Reply | undefined;
    let failure: Failure | undefined;
    try {
      for (;;) {
        const step = reply ? workflow.next(reply) : workflow.next();
        if (step.done) break;
        reply = await this.call(step.value);
      }
    } catch (error) {
      failure =
        error instanceof CheckFailed
          ? error.failure
          : { step: reply?.step ?? 'start', check: 'harness error', detail: String((error as Error)?.stack ?? error) };
    }
    this.plan.finish(scenario, performance.now() - intendedAtMs, failure);
  }

  private async call(call: Call): Promise<Reply> {
    const index = this.turn;
    const instance = this.instances[index];
    this.turn = (index + 1) % this.instances.length;
    const basePath = instance.url.pathname.replace(/\/+$/, '');
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const headers = body === undefined ? this.plan.headers : { ...this.plan.headers, 'content-type': 'application/json' };
    const t0 = performance.now();
    instance.requests++;
    try {
      const response = await instance.pool.request({ method: call.method, path: basePath + call.path, headers, body });
      const text = await response.body.text();
      instance.latencyUs.recordValue(Math.max(1, Math.round((performance.now() - t0) * 1000)));
      const code = String(response.statusCode);
      instance.statusCodes[code] = (instance.statusCodes[code] ?? 0) + 1;
      if (response.statusCode >= 300) instance.non2xx++;
      return { step: call.step, status: response.statusCode, body: text, instance: this.instances.length > 1 ? index : undefined };
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      const timedOut = TIMEOUT_CODES.has(code);
      if (timedOut) instance.timeouts++;
      else instance.errors++;
      throw new CheckFailed({
        step: call.step,
        check: timedOut ? 'a response within --timeout' : 'a response (connection error)',
        detail: `${instance.url.origin}: ${code} ${(error as Error).message}`,
      });
    }
  }

  figures(): InstanceFigures[] {
    return this.instances.map((i) => i.figures());
  }

  async close(): Promise<void> {
    await Promise.all(this.instances.map((i) => i.pool.destroy()));
  }
}

/** The closed model on the Runner: `concurrency` loops, each starting its next run when the last one ends. */
export async function closedLoop(
  concurrency: number,
  until: () => boolean,
  launch: (intendedAtMs: number) => Promise<void>,
): Promise<void> {
  const loop = async () => {
    while (!until()) await launch(performance.now());
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
}
