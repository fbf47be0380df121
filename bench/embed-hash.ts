import { performance } from 'node:perf_hooks';
import { createHashEmbedder } from '../src/embed/hash.ts';

const TEXT_COUNT = Number(process.argv[2] ?? 100_000);
const BATCH_SIZE = 1_000;

const ROLES = ['Forklift Operator', 'Registered Nurse', 'Warehouse Associate', 'Line Cook', 'Electrician', 'Security Guard'];
const PLACES = ['Dallas, TX', 'Houston, TX', 'Seattle, WA', 'Chicago, IL', 'Atlanta, GA', 'Phoenix, AZ', 'Newark, NJ'];
const SKILLS = [
  'forklift',
  'pallet jack',
  'inventory',
  'patient care',
  'IV therapy',
  'charting',
  'food prep',
  'wiring',
  'conduit',
  'CCTV',
  'shipping',
  'receiving',
];
const CERTS = ['OSHA 10', 'OSHA 30', 'Forklift Certification', 'BLS', 'ACLS', 'ServSafe', 'Journeyman License', 'Guard Card'];
const SHIFTS = ['days', 'nights', 'weekends', 'swing', 'on call'];

function pick<T>(items: T[], n: number): T {
  return items[n % items.length];
}

/** ~300-character profile texts shaped like the ones workers/ builds. */
function profileText(i: number): string {
  const skills = [pick(SKILLS, i), pick(SKILLS, i * 7 + 3), pick(SKILLS, i * 13 + 5)].join(', ');
  const certs = [pick(CERTS, i * 3), pick(CERTS, i * 5 + 1)].join(', ');
  const shifts = [pick(SHIFTS, i), pick(SHIFTS, i * 11 + 2)].join(', ');
  return (
    `${pick(ROLES, i)} in ${pick(PLACES, i * 31)}. Skills: ${skills}. Certifications: ${certs}. ` +
    `Availability: ${shifts}. ${(i % 25) + 1} years experience. Worker #${i}, reliable and punctual, ` +
    `prefers ${pick(SHIFTS, i * 17)} shifts near ${pick(PLACES, i * 19)}; rated highly by past site supervisors and clients.`
  );
}

async function main(): Promise<void> {
  const embedder = createHashEmbedder();
  const texts = Array.from({ length: TEXT_COUNT }, (_, i) => profileText(i));
  const averageLength = texts.reduce((sum, text) => sum + text.length, 0) / texts.length;
  const started = performance.now();
  for (let offset = 0; offset < texts.length; offset += BATCH_SIZE) {
    await embedder.embed(texts.slice(offset, offset + BATCH_SIZE));
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`${embedder.id}: ${TEXT_COUNT} texts (avg ${averageLength.toFixed(0)} chars) in ${seconds.toFixed(2)} s`);
  console.log(`${Math.round(TEXT_COUNT / seconds)} texts/s`);
}

await main();
