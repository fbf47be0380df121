import { generateWorkers } from '../demo/generate.ts';
import { writeWorkersFile } from '../workers/files.ts';
import { ingestWorkers } from '../workers/ingest.ts';
import { progressPrinter, summaryLine } from './progress.ts';
import { openRuntime, parseFlags, runMain } from './runtime.ts';

const USAGE = 'usage: npm run seed -- --workers N [--seed S] [--out workers.parquet|.jsonl|.csv]';

runMain(async () => {
  const flags = parseFlags(process.argv.slice(2));
  const count = Number(flags.get('workers'));
  const seed = Number(flags.get('seed') ?? 42);
  if (!Number.isInteger(count) || count < 1 || count > 10_000_000) throw new Error(`--workers must be an integer 1..10000000\n${USAGE}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer\n${USAGE}`);
  const out = flags.get('out');
  const started = Date.now();

  if (out) {
    let last = 0;
    const rows = await writeWorkersFile(out, generateWorkers(count, seed), (n) => {
      if (Date.now() - last > 500 || n === count) { last = Date.now(); process.stderr.write(`\rwrote ${n}/${count}`); }
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
