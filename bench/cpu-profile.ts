// Where a process's CPU went: a V8 .cpuprofile (node --cpu-prof) summarised as the top functions by
// self time and the share of each package (node_modules/<name>, node internals, this project's files).
// npx tsx bench/cpu-profile.ts PROFILE.cpuprofile [--top 25]
import { readFileSync } from 'node:fs';
import { runMain } from '../src/cli/runtime.ts';
import { benchArgs } from './lib/args.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** The package a script belongs to: "pg", "fastify", "node:internal", "src/matrix", "(native)", ... */
function packageOf(url: string): string {
  if (!url) return '(native, GC, idle)';
  if (url.startsWith('node:')) return 'node internals';
  const module = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (module) return module[1];
  const own = /\/(src|dist\/src)\/([^/]+)/.exec(url);
  return own ? `src/${own[2]}` : url.replace(/^file:\/\//, '');
}

runMain(async () => {
  const file = process.argv[2];
  const args = benchArgs(process.argv.slice(3));
  if (!file || file.startsWith('--')) throw new Error('usage: npx tsx bench/cpu-profile.ts PROFILE.cpuprofile [--top 25]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  // Self time per node from the sample stream (timeDeltas[i] is the time before sample i).
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const idle = [...selfUs].filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)').reduce((a, [, us]) => a + us, 0);
  const busy = total - idle;
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    const where = url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(dist\/)?src\//, 'src/')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
    byPackage.set(packageOf(url), (byPackage.get(packageOf(url)) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)} %`;
  console.log(
    `profile ${file}: ${(total / 1e6).toFixed(1)} s sampled, busy ${(busy / 1e6).toFixed(1)} s (${((100 * busy) / total).toFixed(0)} %)`,
  );
  console.log('\n| package | share of busy CPU |\n|---|---:|');
  for (const [name, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`| ${name} | ${pct(us)} |`);
  console.log('\n| function (self time) | share of busy CPU |\n|---|---:|');
  for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, args.number('top', 25)))
    console.log(`| \`${name}\` | ${pct(us)} |`);
});
