import { generateWorkers } from '../demo/generate.ts';
import { buildApp } from '../http/app.ts';
import { ingestWorkers } from '../workers/ingest.ts';
import { countWorkers } from '../workers/repository.ts';
import { locateUnlocatedWorkers } from '../workers/service.ts';
import { parseCommandLine } from './args.ts';
import { progressPrinter, summaryLine } from './progress.ts';
import { drainOnSignals } from './shutdown.ts';
import { openRuntime, runMain, type Runtime } from './runtime.ts';

const USAGE = `usage: npm start [-- --help]

Serves the API. Configured by environment variables only (PORT, HOST,
DATABASE_URL, API_KEYS, ...): README.md, Configuration, lists them all.`;

async function seedDemoIfEmpty(rt: Runtime): Promise<void> {
  const count = rt.config.SEED_DEMO;
  if (!rt.database.embedded || count === 0 || (await countWorkers(rt.database.db)) > 0) return;
  process.stderr.write(`empty embedded corpus: generating ${count} demo workers (SEED_DEMO=${count}; 0 turns this off)\n`);
  const records = (function* () {
    let line = 0;
    for (const raw of generateWorkers(count, 42)) yield { line: ++line, raw };
  })();
  const summary = await ingestWorkers(rt, records, { onBadRow: 'abort', total: count, onProgress: progressPrinter() });
  process.stderr.write(`\n${summaryLine(summary)}\n`);
}

runMain(async () => {
  parseCommandLine({ usage: USAGE, options: {} });
  const rt = await openRuntime();
  await seedDemoIfEmpty(rt);
  const app = await buildApp(rt);
  drainOnSignals(app, () => rt.database.close(), rt.config.SHUTDOWN_DEADLINE_MS);
  await app.listen({ port: rt.config.PORT, host: rt.config.HOST });
  // Workers stored before coordinates existed get them in the background; searches match them by name meanwhile.
  locateUnlocatedWorkers(rt.database).then(
    (n) => {
      if (n) app.log.info({ located: n }, 'workers located from their city and state');
    },
    (err: unknown) => app.log.warn({ err }, 'locating workers failed; they match by city name until the next start'),
  );
});
