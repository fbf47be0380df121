import type { Request } from 'autocannon';
import { SCENARIOS, type Env, type ScenarioName } from './scenarios.ts';
import { CheckFailed, type Call, type Failure, type Reply, type Workflow } from './workflow.ts';

/**
 * Slots in each connection's request list. Autocannon walks a connection
 * through the list and resets its context when it wraps; a workflow uses as
 * many slots as it makes calls (5 at most) and ends by having the next slot's
 * setupRequest return null, which sends autocannon back to slot 0 to start the
 * next workflow. The spare slots mean the wrap never happens with a run still
 * open, so a run that lost its response (timeout, reset) is always seen, and
 * counted as failed, by the slot after it.
 */
export const SLOTS = 8;

interface Run {
  scenario: ScenarioName;
  workflow: Workflow;
  startedAt: number;
  next?: Call;
  awaiting?: Call;
}

interface Context {
  run?: Run;
}

export interface SequencePlan {
  env: Env;
  pick: () => ScenarioName;
  /** Called once per finished run, with its whole-workflow latency. */
  finish: (scenario: ScenarioName, latencyMs: number, failure?: Failure) => void;
  /** Path prefix of the target URL, '' for none. */
  basePath: string;
}

/** The `requests` list of every autocannon connection: each pass through it is one coordinator workflow. */
export function requestSequence(plan: SequencePlan): Request[] {
  const end = (context: Context, failure?: Failure) => {
    const run = context.run!;
    context.run = undefined;
    plan.finish(run.scenario, performance.now() - run.startedAt, failure);
  };

  const advance = (context: Context, run: Run, reply?: Reply) => {
    let step: IteratorResult<Call, void>;
    try {
      step = reply ? run.workflow.next(reply) : run.workflow.next();
    } catch (error) {
      const failure =
        error instanceof CheckFailed
          ? error.failure
          : { step: reply?.step ?? 'start', check: 'harness error', detail: String((error as Error)?.stack ?? error) };
      return end(context, failure);
    }
    if (step.done) end(context);
    else run.next = step.value;
  };

  const send = (req: Request, run: Run): Request => {
    const call = run.next!;
    run.next = undefined;
    run.awaiting = call;
    req.method = call.method;
    req.path = plan.basePath + call.path;
    if (call.body === undefined) {
      req.body = undefined;
    } else {
      req.body = JSON.stringify(call.body);
      req.headers = { ...req.headers, 'content-type': 'application/json' };
    }
    return req;
  };

  const start = (req: Request, context: Context): Request => {
    // Every workflow's first move is a call, so this only repeats on a harness bug.
    for (let attempt = 0; attempt < 100; attempt++) {
      const scenario = plan.pick();
      const run: Run = { scenario, workflow: SCENARIOS[scenario](plan.env), startedAt: performance.now() };
      context.run = run;
      advance(context, run);
      if (context.run === run) return send(req, run);
    }
    throw new Error('no workflow produced a first call: see the failures above');
  };

  const setupRequest =
    (slot: number) =>
    (req: Request, raw: object): Request => {
      const context = raw as Context;
      if (slot === 0) return start(req, context);
      const run = context.run;
      if (!run) return null as unknown as Request;
      if (run.awaiting) {
        end(context, { step: run.awaiting.step, check: 'a response within --timeout' });
      } else if (slot === SLOTS - 1 || !run.next) {
        end(context, { step: run.next?.step ?? '-', check: `workflow within ${SLOTS - 1} calls` });
      } else {
        return send(req, run);
      }
      // null tells autocannon to restart the list: slot 0 starts the next workflow.
      return null as unknown as Request;
    };

  const onResponse = (status: number, body: string, raw: object) => {
    const context = raw as Context;
    const run = context.run;
    if (!run?.awaiting) return;
    const step = run.awaiting.step;
    run.awaiting = undefined;
    advance(context, run, { step, status, body });
  };

  return Array.from({ length: SLOTS }, (_, slot) => ({ setupRequest: setupRequest(slot), onResponse }));
}
