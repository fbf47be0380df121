import { readFileSync } from 'node:fs';
import { dataPath, writeReport, type RunRecord } from './report.ts';

/**
 * `npm run loadtest:report -- reports/x.md`: draws the markdown report and its
 * charts again from the run's saved JSON (reports/x.json), e.g. after the
 * report's layout changed or for a run whose charts were not written.
 */
const report = process.argv[2];
if (!report || !report.endsWith('.md')) {
  process.stderr.write('usage: npm run loadtest:report -- reports/<run>.md   (reads reports/<run>.json)\n');
  process.exit(2);
}
const record = JSON.parse(readFileSync(dataPath(report), 'utf8')) as RunRecord;
await writeReport(record, report);
process.stderr.write(`wrote ${report} and its charts from ${dataPath(report)}\n`);
