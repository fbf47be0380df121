/**
 * How each validator's time grows with its input: the time for a ~200 KB input over the time for a ~40 KB one of the
 * same shape (linear ≈ 5; quadratic ≈ 25). Shapes are the adversarial ones for each validator (digit runs, brackets,
 * whitespace, greeting words) plus a realistic draft repeated. Prints a table; asserts nothing.
 *   npx tsx bench/validator-scaling.ts
 */
import { findPhoneNumbersInText } from 'libphonenumber-js';
import { SCALING_SHAPES, scalingRatio } from './lib/validatorShapes.ts';
import { numberClusters } from '../src/validate/numbers.ts';

const rows: string[] = [];
for (const shape of SCALING_SHAPES) {
  const { small, large, ratio } = scalingRatio(shape.run, shape.make, { rounds: 7 });
  rows.push(`| ${shape.name} | ${small.toFixed(2)} | ${large.toFixed(2)} | ${ratio.toFixed(1)} |`);
}
console.log('| validator / input shape | 40 KB CPU ms | 200 KB CPU ms | ratio |\n|---|---|---|---|\n' + rows.join('\n'));

// Phone finding: the hand-written numberClusters against libphonenumber-js's findPhoneNumbersInText.
const draft =
  'Hi Maria, forklift shift 3 Mar 7am-3:30pm at Riverside, $24.50/hr. Call 555-123-4567 or (512) 555-0199 to confirm. Order PO-2025-4401. ';
const time = (fn: () => unknown, n: number) => {
  for (let i = 0; i < Math.min(n, 50); i++) fn();
  const t = performance.now();
  for (let i = 0; i < n; i++) fn();
  return (performance.now() - t) / n;
};
const phoneRows = [
  ['realistic draft (140 chars)', draft, 20_000],
  ['realistic draft x 40 (5.6 KB)', draft.repeat(40), 500],
  ['digits "1 2 3 ..." 40 KB', '1 '.repeat(20_000), 5],
  ['digits "1 2 3 ..." 200 KB', '1 '.repeat(100_000), 1],
] as const;
console.log('\n| phone finding on | numberClusters ms | findPhoneNumbersInText ms |\n|---|---|---|');
for (const [name, text, n] of phoneRows) {
  console.log(
    `| ${name} | ${time(() => [...numberClusters(text)], n).toFixed(4)} | ${time(() => findPhoneNumbersInText(text, 'US'), n).toFixed(4)} |`,
  );
}
