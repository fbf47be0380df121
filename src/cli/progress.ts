import type { IngestProgress, IngestSummary } from '../workers/ingest.ts';

/** One live status line on stderr: rows, rate and ETA while loading, then the phase. */
export function ingestProgressLine(p: IngestProgress): string {
  const seconds = p.elapsedMs / 1000;
  const rate = p.rows / Math.max(seconds, 1e-3);
  if (p.phase !== 'load')
    return `${p.phase === 'merge' ? 'merging into workers' : 'building the HNSW index'} (${p.rows} rows staged, ${seconds.toFixed(1)} s)`;
  const pct = p.total ? ` ${((100 * p.rows) / p.total).toFixed(1)}%` : '';
  const eta = p.total && rate > 0 ? ` eta ${Math.max(0, (p.total - p.rows) / rate).toFixed(0)} s` : '';
  return `loaded ${p.rows}${p.total ? `/${p.total}` : ''}${pct} ${rate.toFixed(0)} rows/s${eta}${p.bad ? ` ${p.bad} bad` : ''}`;
}

export function progressPrinter(stream: NodeJS.WriteStream = process.stderr) {
  let last = 0;
  return (p: IngestProgress) => {
    const now = Date.now();
    if (p.phase === 'load' && now - last < 250 && p.rows !== p.total) return;
    last = now;
    stream.write(stream.isTTY ? `\r\x1b[K${ingestProgressLine(p)}` : `${ingestProgressLine(p)}\n`);
  };
}

export function summaryLine(s: IngestSummary): string {
  return (
    `ingested ${s.rows} rows in ${s.seconds.toFixed(1)} s (${s.rowsPerSec.toFixed(0)} rows/s; load ${s.loadSeconds.toFixed(1)} s, merge ${s.mergeSeconds.toFixed(1)} s, ` +
    `hnsw ${s.indexRebuilt ? `rebuilt in ${s.indexSeconds.toFixed(1)} s` : 'maintained'}); ${s.bad.length} bad rows skipped`
  );
}
