import { validateEmail } from '../../src/validate/email.ts';
import { validateFill, type FillWorker } from '../../src/validate/fill.ts';
import { numberClusters } from '../../src/validate/numbers.ts';
import { piiIssues } from '../../src/validate/pii.ts';
import { emailRecipientIssue, smsRecipientIssue } from '../../src/validate/recipient.ts';
import { validateSms } from '../../src/validate/sms.ts';
import { greetingIssue, placeholderIssues } from '../../src/validate/template.ts';

/** One input shape for one validator: `make(bytes)` builds an input of about that size, `run` validates it. */
export interface ScalingShape {
  name: string;
  make(bytes: number): unknown;
  run(input: unknown): unknown;
}

export const SMALL = 40_000;
export const LARGE = 200_000;

/** `unit` repeated to `bytes` characters. */
export const fill = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length)).slice(0, bytes);

const worker = { name: 'Maria Lopez', email: 'maria.lopez@example.com', phone: '(512) 555-0142', status: 'active' };
const realistic =
  'Hi Maria,\n\nA forklift shift opened on 3 March, 7:00am-3:30pm, $24.50/hr. Call 555-123-4567 or (512) 555-0199. ' +
  'Order PO-2025-4401, SSN 123-45-6789, {{signature}} [NAME] <b>bold</b>. Reply STOP to opt out.\n';

/** Bodies that stress each text validator: digit runs with joiners, brackets that never close, whitespace, capitals. */
export const TEXT_BODIES: Record<string, (bytes: number) => string> = {
  'digits joined by spaces': (n) => fill('1 ', n),
  'digit groups 123-45-': (n) => fill('123-45-', n),
  'card-like groups': (n) => fill('4111 ', n),
  'plus dial strings': (n) => fill('+1 2 ', n),
  'brackets never closed': (n) => fill('{{a [A_B <a-b %a_b ${x {y ', n),
  'whitespace then a letter': (n) => `Hi Maria${fill(' \t', n)}x`,
  'greeting and capitals': (n) => `Hi ${fill('Maria ', n)}`,
  'realistic draft repeated': (n) => fill(realistic, n),
};

const textShapes = (validator: string, run: (body: string) => unknown): ScalingShape[] =>
  Object.entries(TEXT_BODIES).map(([shape, make]) => ({ name: `${validator}: ${shape}`, make, run: (b) => run(b as string) }));

const fillWorker = (id: string): FillWorker =>
  ({ id, city: 'Austin', state: 'TX', role: 'Picker', status: 'active', certifications: ['OSHA 10'] }) as FillWorker;

/** Every validator function with its adversarial inputs. */
export const SCALING_SHAPES: ScalingShape[] = [
  ...textShapes('pii', (b) => piiIssues(b, 'body')),
  // Walked, not collected: the callers hold one cluster at a time.
  ...textShapes('numbers', (b) => {
    let n = 0;
    for (const cluster of numberClusters(b)) n += cluster.groups.length;
    return n;
  }),
  ...textShapes('template placeholders', (b) => placeholderIssues(b, 'body')),
  ...textShapes('template greeting', (b) => greetingIssue(b, 'Maria Lopez')),
  ...textShapes('email', (b) => validateEmail({ to: worker.email, subject: 'Shift', body: b }, { worker })),
  ...textShapes('sms', (b) => validateSms({ to: worker.phone, body: b }, { worker })),
  {
    name: 'recipient: email address of dots',
    make: (n) => `a@${fill('a.', n)} `,
    run: (to) => emailRecipientIssue(to as string, worker.email),
  },
  { name: 'recipient: phone of digits', make: (n) => fill('5', n), run: (to) => smsRecipientIssue(to as string, worker.phone) },
  {
    name: 'fill: workers and clashes',
    // ~80 bytes of JSON per proposed worker; each has one clash.
    make: (n) => {
      const ids = Array.from({ length: Math.round(n / 80) }, (_, i) => `w-${i}`);
      return {
        proposal: {
          order: {
            city: 'Austin',
            state: 'TX',
            role: 'Picker',
            headcount: ids.length,
            shift_start: '2025-03-01T03:00:00-06:00',
            shift_end: '2025-03-01T11:00:00-06:00',
          },
          worker_ids: ids,
        },
        facts: {
          workers: new Map(ids.map((id) => [id, fillWorker(id)])),
          clashes: ids.map((id) => ({
            worker_id: id,
            fill_id: `f-${id}`,
            shift_start: '2025-03-01T00:00:00Z',
            shift_end: '2025-03-01T23:00:00Z',
          })),
        },
      };
    },
    run: (input) => {
      const { proposal, facts } = input as { proposal: Parameters<typeof validateFill>[0]; facts: Parameters<typeof validateFill>[1] };
      return validateFill(proposal, facts);
    },
  },
];

/** CPU milliseconds this process spent (all threads, so garbage collection counts): preemption on a busy machine does not. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * Time for LARGE over time for SMALL: each the least CPU time of `rounds` runs, small and large interleaved so a
 * burst of load on the machine hits both. Linear code gives about 5, quadratic about 25.
 */
export function scalingRatio(run: (input: unknown) => unknown, make: (bytes: number) => unknown, { rounds = 7 } = {}) {
  const small = make(SMALL);
  const large = make(LARGE);
  run(small);
  run(large);
  let smallMs = Infinity;
  let largeMs = Infinity;
  for (let r = 0; r < rounds; r++) {
    let started = cpuMs();
    run(small);
    smallMs = Math.min(smallMs, cpuMs() - started);
    started = cpuMs();
    run(large);
    largeMs = Math.min(largeMs, cpuMs() - started);
  }
  // Below half a millisecond the clock's resolution, not the algorithm, decides the ratio.
  return { small: smallMs, large: largeMs, ratio: largeMs / Math.max(smallMs, 0.5) };
}
