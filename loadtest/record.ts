/** What one run produced, as the harness saves it beside the report (the report and the charts read it). */
import type { Leaks } from './leaks.ts';
import type { Options } from './options.ts';
import type { Footprints } from './resources.ts';
import type { ScenarioName } from './scenarios.ts';
import type { SeriesPoint } from './series.ts';
import type { TopStatement } from './statements.ts';
import type { FailureKind, Summary, WindowLine } from './stats.ts';

export interface HttpFigures {
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
}

/** Options as the run record stores them: URLs as text. */
export type RecordOptions = Omit<Options, 'url' | 'urls'> & { url: string; urls: string[] };

export interface InstanceLine {
  url: string;
  requests: number;
  per_sec: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  p50_ms: number | null;
  p99_ms: number | null;
}

export interface IngestFigures {
  rows: number;
  rows_per_s: number;
  /** Bad rows skipped, plus 1 when the ingest process itself failed. */
  failures: number;
}

/** The whole summary line: the first generation's fields and the second's. */
export interface FullSummary extends Summary {
  cpu_ms_per_scenario: { service: number | null; postgres: number | null; load_generator: number | null };
  instances: InstanceLine[];
  ingest: IngestFigures | null;
  leaks: Pick<Leaks, 'rss_mb_per_h' | 'fds_per_h' | 'connections_per_h' | 'verdict'>;
}

/** Ingest under load: the window, the ingest's own account, the mix's latency per phase and the searchability check. */
export interface IngestRecord {
  file: string;
  window_s: [number, number] | null;
  figures: IngestFigures;
  output: string;
  phases: Record<string, WindowLine>;
  searchable: { checked: number; found: number; in_database: number; expected: number; misses: string[] } | null;
}

/** Everything a run produced, saved as JSON beside the report so the report and charts can be drawn again. */
export interface RunRecord {
  options: RecordOptions;
  startedAt: string;
  summary: FullSummary;
  footprints: Footprints;
  http: HttpFigures;
  kinds: FailureKind[];
  breaches: string[];
  shiftBase: string;
  corpus: { sampled: number; targets: number } | null;
  statements?: TopStatement[] | string;
  series: SeriesPoint[];
  leaks: Leaks;
  bursts: [number, number][];
  ingestWindow: [number, number] | null;
  ingest?: IngestRecord;
  distribution: Partial<Record<ScenarioName, [number, number][]>>;
  machine: Machine;
}

export interface Machine {
  cpuModel: string;
  cores: number;
  memoryGb: number;
  kernel: string;
  node: string;
  host: string;
}
