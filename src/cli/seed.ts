import { generateWorkers } from '../demo/generate.ts';
import { writeWorkersFile } from '../workers/files.ts';
import { ingestWorkers } from '../workers/ingest.ts';
import { progressPrinter, summaryLine } from './progress.ts';
import { integerFlag, parseCommandLine, UsageError } from './args.ts';
import { openRuntime, runMain } from './runtime.ts';

const USAGE = `usage: npm run seed -- --workers N [--seed S] [--out workers.parquet|.jsonl|.csv]

Generates N synthetic workers (deterministic for a seed) and loads them into
the configured database, or writes them to a file with --out.
  --workers N   how many, 1..10000000 (required)
  --seed S      generator seed (default 42)
  --out FILE    write a file instead of loading (format from the extension)`;
const SPEC = { usage: USAGE, options: { workers: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } } } as const;

runMain(async () => {
  const flags = parseCommandLine(SPEC);
  if (flags.workers === undefined) throw new UsageError('--workers is required', USAGE);
  const count = integerFlag(SPEC, 'workers', flags.workers, 1, 10_000_000)!;
  const seed = integerFlag(SPEC, 'seed', flags.seed, -(2 ** 31), 2 ** 31 - 1, 42)!;
  const out = flags.out;
  const started = Date.now();

  if (out) {
    let last = 0;
    const rows = await writeWorkersFile(out, generateWorkers(count, seed), (n) => {
      if (Date.now() - last > 500 || n === count) {
        last = Date.now();
        process.stderr.write(`\rwrote ${n}/${count}`);
      }
    });
    const s = (Date.now() - started) / 1000;
    process.stderr.write(`\nwrote ${rows} workers to ${out} in ${s.toFixed(1)} s (${(rows / s).toFixed(0)} rows/s)\n`);
    return;
  }

  const rt = await openRuntime();
  try {
    const records = (function* () {
      let line = 0;
      for (const raw of generateWorkers(count, seed)) yield { line: ++line, raw };
    })();
    const summary = await ingestWorkers(rt, records, { onBadRow: 'abort', total: count, onProgress: progressPrinter() });
    process.stderr.write(`\n${summaryLine(summary)}\n`);
  } finally {
    await rt.database.close();
  }
});
