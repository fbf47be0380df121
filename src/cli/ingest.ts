import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { openChangeFeed } from '../db/notify.ts';
import { countWorkerRecords, readWorkersFile } from '../workers/files.ts';
import { IngestAborted, ingestWorkers } from '../workers/ingest.ts';
import { progressPrinter, summaryLine } from './progress.ts';
import { integerFlag, parseCommandLine, UsageError } from './args.ts';
import { Incomplete, openRuntime, runMain } from './runtime.ts';

const USAGE = `usage: npm run ingest -- --file workers.parquet|.jsonl|.csv [--on-bad-row skip|abort] [--allow-skipped] [--batch 1000]

Loads (upserts) workers from a file into the configured database.
  --file FILE          Parquet, JSON lines or CSV (by extension; required)
  --on-bad-row MODE    skip (default): load the good rows, report each bad one;
                       abort: stop at the first bad row, loading nothing more
  --allow-skipped      exit 0 even when bad rows were skipped (otherwise exit 3)
  --batch N            rows per batch, 1..10000 (default 1000)
Exit codes: 0 all rows loaded; 1 failed; 2 wrong command line; 3 loaded, but bad rows were skipped.`;
const SPEC = {
  usage: USAGE,
  options: { file: { type: 'string' }, 'on-bad-row': { type: 'string' }, 'allow-skipped': { type: 'boolean' }, batch: { type: 'string' } },
} as const;
/** Loaded with bad rows skipped and no --allow-skipped. */
export const EXIT_ROWS_SKIPPED = 3;

runMain(async () => {
  const flags = parseCommandLine(SPEC);
  const file = flags.file;
  const onBadRow = flags['on-bad-row'] ?? 'skip';
  if (!file) throw new UsageError('--file is required', USAGE);
  if (onBadRow !== 'skip' && onBadRow !== 'abort') throw new UsageError('--on-bad-row must be skip or abort', USAGE);
  const batchSize = integerFlag(SPEC, 'batch', flags.batch, 1, 10_000, 1000)!;
  await new Promise<void>((resolve, reject) =>
    createReadStream(file)
      .once('open', () => resolve())
      .once('error', reject),
  );
  const total = await countWorkerRecords(file);

  const rt = await openRuntime();
  // Running services cache search answers: the merge's commit announces the change (LISTEN/NOTIFY) so they
  // drop them, as they do for their own writes. An embedded database has one process: nobody to tell.
  const changes = rt.database.embedded ? undefined : await openChangeFeed(rt.database);
  try {
    process.stderr.write(`ingesting ${total} records from ${file} (${extname(file).slice(1)}) into ${rt.database.kind}\n`);
    const summary = await ingestWorkers({ ...rt, changes }, readWorkersFile(file), {
      onBadRow,
      batchSize,
      total,
      onProgress: progressPrinter(),
      onBadRowFound: (bad) => process.stderr.write(`\nline ${bad.line}: skipped: ${bad.problems.join('; ')}\n`),
    });
    process.stderr.write(`\n${summaryLine(summary)}\n`);
    if (summary.bad.length && !flags['allow-skipped']) {
      throw new Incomplete(
        `${summary.bad.length} bad rows were skipped (the good rows are stored); fix them and ingest again, or pass --allow-skipped to accept this`,
        EXIT_ROWS_SKIPPED,
      );
    }
  } catch (err) {
    if (err instanceof IngestAborted) process.stderr.write('\n');
    throw err;
  } finally {
    await changes?.close();
    await rt.database.close();
  }
});
