import { playbookRecordReplay, surgeFillValidate } from './booking.ts';
import { coldSearchEmail, smsValidate } from './outreach.ts';
import type { Random } from '../src/demo/random.ts';
import { profileSwap, repeatCache } from './retrieval.ts';
import type { Env, Workflow } from './workflow.ts';

export type { Env, FillTarget } from './workflow.ts';

export const SCENARIOS = {
  cold_search_email: coldSearchEmail,
  surge_fill_validate: surgeFillValidate,
  profile_swap: profileSwap,
  repeat_cache: repeatCache,
  sms_validate: smsValidate,
  playbook_record_replay: playbookRecordReplay,
} satisfies Record<string, (env: Env) => Workflow>;

export type ScenarioName = keyof typeof SCENARIOS;
export type Weights = Record<ScenarioName, number>;

export const SCENARIO_NAMES = Object.keys(SCENARIOS) as ScenarioName[];

/** The default mix: a coordinator office's day, one workflow in three a fresh search and e-mail (loadtest/README.md). */
export const DEFAULT_WEIGHTS: Weights = {
  cold_search_email: 35,
  surge_fill_validate: 15,
  profile_swap: 15,
  repeat_cache: 15,
  sms_validate: 10,
  playbook_record_replay: 10,
};

export const isScenario = (name: string): name is ScenarioName => Object.hasOwn(SCENARIOS, name);

/**
 * `--weights a=35,b=15`: the listed scenarios make the whole mix and the
 * unlisted ones do not run, so one scenario can be load-tested alone.
 */
export function parseWeights(text: string): Weights {
  const weights = Object.fromEntries(SCENARIO_NAMES.map((name) => [name, 0])) as Weights;
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [name, value, extra] = pair.split('=');
    const weight = Number(value);
    if (extra !== undefined || !isScenario(name) || !Number.isFinite(weight) || weight < 0) {
      throw new Error(`--weights: "${pair}" is not <scenario>=<weight>; scenarios: ${SCENARIO_NAMES.join(', ')}`);
    }
    weights[name] = weight;
  }
  if (SCENARIO_NAMES.every((name) => weights[name] === 0)) throw new Error('--weights: at least one weight must be above 0');
  return weights;
}

/** A draw of the next scenario to start, in proportion to the weights. */
export function scenarioPicker(weights: Weights, random: Random): () => ScenarioName {
  const names = SCENARIO_NAMES.filter((name) => weights[name] > 0);
  let total = 0;
  const cumulative = names.map((name) => (total += weights[name]));
  return () => {
    const target = random.next() * total;
    const index = cumulative.findIndex((edge) => target < edge);
    return names[index === -1 ? names.length - 1 : index];
  };
}
