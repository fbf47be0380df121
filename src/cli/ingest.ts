import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { openChangeFeed } from '../db/notify.ts';
import { countWorkerRecords, readWorkersFile } from '../workers/files.ts';
import { IngestAborted, ingestWorkers } from '../workers/ingest.ts';
import { progressPrinter, summaryLine } from './progress.ts';
import { openRuntime, parseFlags, runMain } from './runtime.ts';

const USAGE = 'usage: npm run ingest -- --file workers.parquet|.jsonl|.csv [--on-bad-row skip|abort] [--batch 1000]';

runMain(async () => {
  const flags = parseFlags(process.argv.slice(2));
  const file = flags.get('file');
  const onBadRow = flags.get('on-bad-row') ?? 'skip';
  const batchSize = Number(flags.get('batch') ?? 1000);
  if (!file) throw new Error(`--file is required\n${USAGE}`);
  if (onBadRow !== 'skip' && onBadRow !== 'abort') throw new Error(`--on-bad-row must be skip or abort\n${USAGE}`);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new Error(`--batch must be 1..10000\n${USAGE}`);
  await new Promise<void>((resolve, reject) => createReadStream(file).once('open', () => resolve()).once('error', reject));
  const total = await countWorkerRecords(file);

  const rt = await openRuntime();
  // Running services cache search answers: the merge's commit announces the change (LISTEN/NOTIFY) so they
  // drop them, as they do for their own writes. PGlite has one process, so there is nobody to tell.
  const changes = rt.database.kind === 'postgres' ? await openChangeFeed(rt.database) : undefined;
  try {
    process.stderr.write(`ingesting ${total} records from ${file} (${extname(file).slice(1)}) into ${rt.database.kind}\n`);
    const summary = await ingestWorkers({ ...rt, changes }, readWorkersFile(file), {
      onBadRow, batchSize, total, onProgress: progressPrinter(),
      onBadRowFound: (bad) => process.stderr.write(`\nline ${bad.line}: skipped: ${bad.problems.join('; ')}\n`),
    });
    process.stderr.write(`\n${summaryLine(summary)}\n`);
  } catch (err) {
    if (err instanceof IngestAborted) process.stderr.write('\n');
    throw err;
  } finally {
    await changes?.close();
    await rt.database.close();
  }
});
