import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { Field } from 'vega-lite/types_unstable/channeldef.js';
import type { LayerSpec } from 'vega-lite/types_unstable/spec/index.js';
import type { RunRecord } from './record.ts';
import { SCENARIO_NAMES } from './scenarios.ts';

/** Vega-Lite rendered headless to an SVG string (no canvas: text widths are estimated). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

const WIDTH = 720;
type Row = Record<string, string | number | null>;

/** Shaded spans behind a time chart: bursts orange, the ingest window green. */
function windowsLayer(record: RunRecord): LayerSpec<Field>['layer'] {
  const rows: Row[] = [
    ...record.bursts.map(([from, to]) => ({ from, to, what: 'burst' })),
    ...(record.ingestWindow ? [{ from: record.ingestWindow[0], to: record.ingestWindow[1], what: 'ingest' }] : []),
  ];
  if (rows.length === 0) return [];
  return [
    {
      data: { values: rows },
      mark: { type: 'rect', opacity: 0.18, clip: true },
      encoding: {
        x: { field: 'from', type: 'quantitative' },
        x2: { field: 'to' },
        color: {
          field: 'what',
          type: 'nominal',
          legend: { title: 'window' },
          scale: {
            domain: [...new Set(rows.map((r) => r.what as string))],
            range: rows[0].what === 'burst' ? ['#f58518', '#54a24b'] : ['#54a24b'],
          },
        },
      },
    },
  ];
}

function timeAxis(record: RunRecord) {
  // An ingest that outlasted the load still shows whole.
  const end = Math.max(record.summary.total.duration_s, record.ingestWindow?.[1] ?? 0, record.series.at(-1)?.t_s ?? 0);
  return { field: 't_s', type: 'quantitative' as const, title: 'seconds from the start', scale: { domain: [0, end], nice: false } };
}

/** Throughput (achieved and intended) and whole-mix p50/p99 per window over time. */
export function throughputSpec(record: RunRecord): TopLevelSpec {
  const rate: Row[] = [];
  const latency: Row[] = [];
  for (const p of record.series) {
    rate.push({ t_s: p.t_s, series: 'finished scenarios/s', value: p.scenarios_per_s });
    if (p.target_per_s !== null) rate.push({ t_s: p.t_s, series: 'intended arrivals/s', value: p.target_per_s });
    if (p.target_per_s !== null || p.dropped > 0)
      rate.push({ t_s: p.t_s, series: 'dropped/s', value: Math.round((100 * p.dropped) / record.options.sampleEveryS) / 100 });
    if (p.p50_ms !== null) latency.push({ t_s: p.t_s, series: 'p50', value: Math.max(p.p50_ms, 0.1) });
    if (p.p99_ms !== null) latency.push({ t_s: p.t_s, series: 'p99', value: Math.max(p.p99_ms, 0.1) });
  }
  const x = timeAxis(record);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Throughput and latency over time',
    vconcat: [
      {
        width: WIDTH,
        height: 180,
        layer: [
          ...windowsLayer(record),
          {
            data: { values: rate },
            mark: { type: 'line', interpolate: 'step-before' },
            encoding: {
              x,
              y: { field: 'value', type: 'quantitative', title: 'per second' },
              color: { field: 'series', type: 'nominal', legend: { title: null, labelLimit: 300 } },
            },
          },
        ],
        resolve: { scale: { color: 'independent' } },
      },
      {
        width: WIDTH,
        height: 180,
        layer: [
          ...windowsLayer(record),
          {
            data: { values: latency },
            mark: { type: 'line' },
            encoding: {
              x,
              y: { field: 'value', type: 'quantitative', title: 'whole-workflow ms (log)', scale: { type: 'log' } },
              color: { field: 'series', type: 'nominal', legend: { title: null, labelLimit: 300 } },
            },
          },
        ],
        resolve: { scale: { color: 'independent' } },
      },
    ],
  } as TopLevelSpec;
}

/** Service RSS and heap, open fds, pool connections and PostgreSQL backends over time, per instance. */
export function resourcesSpec(record: RunRecord): TopLevelSpec {
  const memory: Row[] = [];
  const counts: Row[] = [];
  const label = (i: number) => ((record.series[0]?.instances.length ?? 0) > 1 ? ` #${i + 1}` : '');
  for (const p of record.series) {
    p.instances.forEach((s, i) => {
      if (s.rss_mb !== null) memory.push({ t_s: p.t_s, series: `RSS${label(i)}`, value: s.rss_mb });
      if (s.heap_mb !== null) memory.push({ t_s: p.t_s, series: `heap used${label(i)}`, value: s.heap_mb });
      if (s.fds !== null) counts.push({ t_s: p.t_s, series: `open fds${label(i)}`, value: s.fds });
      if (s.pool_total !== null) counts.push({ t_s: p.t_s, series: `pool open${label(i)}`, value: s.pool_total });
      if (s.pool_in_use !== null) counts.push({ t_s: p.t_s, series: `pool in use${label(i)}`, value: s.pool_in_use });
      if (s.pool_waiting !== null) counts.push({ t_s: p.t_s, series: `pool waiting${label(i)}`, value: s.pool_waiting });
    });
    if (p.pg_backends !== null) counts.push({ t_s: p.t_s, series: 'PostgreSQL backends', value: p.pg_backends });
  }
  const x = timeAxis(record);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Service memory and connections over time',
    vconcat: [
      {
        width: WIDTH,
        height: 160,
        layer: [
          ...windowsLayer(record),
          {
            data: { values: memory },
            mark: 'line',
            encoding: {
              x,
              y: { field: 'value', type: 'quantitative', title: 'MB' },
              color: { field: 'series', type: 'nominal', legend: { title: null, labelLimit: 300 } },
            },
          },
        ],
        resolve: { scale: { color: 'independent' } },
      },
      {
        width: WIDTH,
        height: 160,
        layer: [
          ...windowsLayer(record),
          {
            data: { values: counts },
            mark: { type: 'line', interpolate: 'step-before' },
            encoding: {
              x,
              y: { field: 'value', type: 'quantitative', title: 'count' },
              color: { field: 'series', type: 'nominal', legend: { title: null, labelLimit: 300 } },
            },
          },
        ],
        resolve: { scale: { color: 'independent' } },
      },
    ],
  } as TopLevelSpec;
}

/** Latency at a ladder of percentiles, one line per scenario (log scale). */
export function distributionSpec(record: RunRecord): TopLevelSpec {
  const rows: Row[] = [];
  for (const name of SCENARIO_NAMES) {
    for (const [p, ms] of record.distribution[name] ?? [])
      rows.push({ scenario: name, percentile: `p${p}`, order: p, ms: Math.max(ms, 0.1) });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: 'Whole-workflow latency distribution per scenario',
    width: WIDTH,
    height: 260,
    data: { values: rows },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'percentile', type: 'ordinal', sort: { field: 'order' }, title: 'percentile', axis: { labelAngle: 0 } },
      y: { field: 'ms', type: 'quantitative', scale: { type: 'log' }, title: 'ms (log)' },
      color: { field: 'scenario', type: 'nominal', scale: { domain: SCENARIO_NAMES }, legend: { labelLimit: 400 } },
    },
  } as TopLevelSpec;
}

/** Writes the charts as `<report>-<chart>.svg` beside the report; returns their names relative to it. */
export async function writeCharts(record: RunRecord, reportPath: string): Promise<Charts> {
  const stem = reportPath.replace(/\.md$/, '');
  const charts: Charts = {};
  const write = async (key: keyof Charts, spec: TopLevelSpec) => {
    const file = `${stem}-${key}.svg`;
    writeFileSync(file, await renderSvg(spec));
    charts[key] = basename(file);
  };
  if (record.series.length > 0) {
    await write('throughput', throughputSpec(record));
    await write('resources', resourcesSpec(record));
  }
  if (Object.keys(record.distribution).length > 0) await write('distribution', distributionSpec(record));
  return charts;
}

/** Chart files, relative to the report, that exist for this run. */
export interface Charts {
  throughput?: string;
  resources?: string;
  distribution?: string;
}
