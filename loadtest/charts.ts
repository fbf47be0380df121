import type { Charts, RunRecord } from './report.ts';

/** Charts beside the report (filled in below). */
export async function writeCharts(_record: RunRecord, _reportPath: string): Promise<Charts> {
  return {};
}
