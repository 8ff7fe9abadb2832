/**
 * The sweep chart's data (pure; tested): one metric against one axis, a line per configuration of the other fields,
 * each point its row's mean over seeds with a band of ± its std, and for the stability forms the strongest null's
 * mean beside it. The other fields come from the rows' settings, so a grid of two axes gives one line per value of
 * the other axis; more axes give one line per combination, at most `maxLines` of them (the rest are counted).
 */
import type { NullName } from '../../core/analysis/nullNames.ts';
import type { AgainstNull, Spread, SweepRow } from '../../core/sweep/results.ts';
import type { SweepField, SweepValue } from '../../core/sweep/spec.ts';

type RowMetric = 'pwmccMax' | 'pwmccOneToOne' | 'sharedFraction' | 'fvu' | 'l0' | 'deadFraction' | 'fourierShare';
/** A stabiliser cell's comparison with plain training (its row's `stabiliser` part): one number per configuration. */
type GainMetric = 'gainOverPlain' | 'gainOverSharedInit' | 'fvuPrice';
export type ChartMetric = RowMetric | GainMetric;

export interface MetricOption {
  key: ChartMetric;
  label: string;
  /** The stability forms stand beside their strongest null. */
  againstNull: boolean;
  /** A difference from a control (stabiliser sweeps only): 0 means no change, drawn as the reference line. */
  gain?: true;
}

export const CHART_METRICS: MetricOption[] = [
  { key: 'pwmccMax', label: 'PWMCC, max-cosine form', againstNull: true },
  { key: 'pwmccOneToOne', label: 'PW-MCC, one-to-one form', againstNull: true },
  { key: 'sharedFraction', label: 'shared-latent fraction', againstNull: true },
  { key: 'fvu', label: 'FVU', againstNull: false },
  { key: 'l0', label: 'L0', againstNull: false },
  { key: 'deadFraction', label: 'dead fraction', againstNull: false },
  { key: 'fourierShare', label: 'Fourier share of live latents', againstNull: false },
  { key: 'gainOverPlain', label: 'gain over plain training (PWMCC, max-cosine)', againstNull: false, gain: true },
  { key: 'gainOverSharedInit', label: 'gain over plain · shared init (PWMCC, max-cosine)', againstNull: false, gain: true },
  { key: 'fvuPrice', label: 'FVU price (method minus plain)', againstNull: false, gain: true },
];

/** The metrics the rows can draw: the gains only when some row comes from a stabiliser cell. */
export const chartMetricsFor = (rows: SweepRow[]): MetricOption[] =>
  rows.some((r) => r.stabiliser) ? CHART_METRICS : CHART_METRICS.filter((m) => !m.gain);

const isGain = (metric: ChartMetric): metric is GainMetric => CHART_METRICS.some((m) => m.key === metric && m.gain);

/** The row's value of `metric`: a gain is one number for the configuration (the comparison's seeds), so no spread. */
const spreadIn = (r: SweepRow, metric: ChartMetric): Spread =>
  isGain(metric) ? { mean: r.stabiliser?.[metric] ?? null, std: null } : (r[metric] as Spread);

export const DEFAULT_MAX_LINES = 8;

export interface BandSeries {
  /** The other fields' values, e.g. "saes.expansion=4"; "all configurations" when there are none. */
  name: string;
  x: SweepValue[];
  mean: number[];
  lower: number[];
  upper: number[];
  /** The strongest null's mean at each point (stability forms only; null where a row has none). */
  nullMean: (number | null)[] | null;
  nullName: (NullName | null)[] | null;
}

export interface AxisChart {
  series: BandSeries[];
  /** Lines left out over the cap. */
  omitted: number;
}

const compareValues = (a: SweepValue, b: SweepValue) =>
  (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b)));

/** The fields the rows set, in first-seen order. */
export function settingFields(rows: SweepRow[]): SweepField[] {
  const out: SweepField[] = [];
  for (const r of rows) for (const f of Object.keys(r.setting) as SweepField[]) if (!out.includes(f)) out.push(f);
  return out;
}

const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;

/** A point's rows (several only when fields outside the settings differ): their means and stds averaged. */
function pointOf(rows: SweepRow[], metric: ChartMetric, withNull: boolean) {
  const spreads = rows.map((r) => spreadIn(r, metric)).filter((s) => s.mean !== null);
  if (spreads.length === 0) return null;
  const m = mean(spreads.map((s) => s.mean!));
  const sd = mean(spreads.map((s) => s.std ?? 0));
  const nulls = withNull ? rows.map((r) => r[metric as RowMetric] as AgainstNull).filter((s) => s.nullMean !== null) : [];
  return {
    mean: m, lower: m - sd, upper: m + sd,
    nullMean: nulls.length > 0 ? mean(nulls.map((s) => s.nullMean!)) : null,
    nullName: nulls[0]?.null ?? null,
  };
}

export function axisSeries(rows: SweepRow[], metric: ChartMetric, x: SweepField, maxLines = DEFAULT_MAX_LINES): AxisChart {
  const withNull = CHART_METRICS.find((m) => m.key === metric)!.againstNull;
  const others = settingFields(rows).filter((f) => f !== x);
  const groups = new Map<string, SweepRow[]>();
  for (const r of rows) {
    if (r.setting[x] === undefined) continue;
    const key = others.map((f) => `${f}=${r.setting[f] ?? '—'}`).join(', ') || 'all configurations';
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  // Lines in the order of the other fields' values (first field slowest), whatever order the rows came in.
  const byValues = ([, a]: [string, SweepRow[]], [, b]: [string, SweepRow[]]) => {
    for (const f of others) {
      const d = compareValues(a[0].setting[f] ?? '', b[0].setting[f] ?? '');
      if (d !== 0) return d;
    }
    return 0;
  };
  const series: BandSeries[] = [];
  for (const [name, group] of [...groups].sort(byValues)) {
    const xs = [...new Set(group.map((r) => r.setting[x]))].sort(compareValues);
    const s: BandSeries = { name, x: [], mean: [], lower: [], upper: [], nullMean: withNull ? [] : null, nullName: withNull ? [] : null };
    for (const xv of xs) {
      const p = pointOf(group.filter((r) => r.setting[x] === xv), metric, withNull);
      if (!p) continue;
      s.x.push(xv);
      s.mean.push(p.mean);
      s.lower.push(p.lower);
      s.upper.push(p.upper);
      s.nullMean?.push(p.nullMean);
      s.nullName?.push(p.nullName);
    }
    if (s.x.length > 0) series.push(s);
  }
  return { series: series.slice(0, maxLines), omitted: Math.max(0, series.length - maxLines) };
}
