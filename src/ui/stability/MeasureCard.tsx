/**
 * One stability measure: its name and one-line definition, mean ± std over the seed pairs with the random baseline
 * and the untrained SAEs written beside it, and the N × N heatmap. The heatmap's colour scale is grey up to the
 * chance level and blue above it, so a pair that beats chance stands out at a glance.
 */
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { Stat } from '../../core/experiment/analyze.ts';
import { Figure } from '../plot/Figure.tsx';
import { type Measure, type Reference, chanceMargin } from './measures.ts';

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : '—');

function colorscale(reference: number): [number, string][] {
  const r = Math.min(0.98, Math.max(0.001, reference));
  return [[0, '#f8fafc'], [r, '#d1d5db'], [r + (1 - r) * 0.3, '#93c5fd'], [r + (1 - r) * 0.7, '#2563eb'], [1, '#1e3a8a']];
}

function heatmap(stat: Stat, seeds: number[], reference: Reference | null): { data: Data[]; layout: Partial<Layout> } {
  const labels = seeds.map((s) => `seed ${s}`);
  const z = stat.matrix.map((row, a) => row.map((v, b) => (a === b || !Number.isFinite(v) ? null : v)));
  const text = stat.matrix.map((row, a) => row.map((v, b) => (a === b ? 'self' : Number.isFinite(v) ? v.toFixed(2) : '')));
  const ref = reference?.mean ?? 0;
  const trace = {
    type: 'heatmap', x: labels, y: labels, z, text, texttemplate: '%{text}', textfont: { size: seeds.length > 8 ? 10 : 14 },
    zmin: 0, zmax: 1, colorscale: colorscale(ref), xgap: 2, ygap: 2, hoverongaps: false,
    hovertemplate: '%{y} vs %{x}: %{z:.3f}<extra></extra>',
    colorbar: { thickness: 12, len: 0.9, tickvals: [0, ref, 1], ticktext: ['0', `chance ${ref.toFixed(2)}`, '1'], tickfont: { size: 11 } },
  } as unknown as Data; // @types/plotly.js lacks 2-D `text` and heatmap `texttemplate`
  const layout: Partial<Layout> = {
    margin: { l: 78, r: 10, t: 10, b: 70 },
    xaxis: { tickangle: -30, automargin: true },
    yaxis: { autorange: 'reversed', automargin: true },
    plot_bgcolor: '#ffffff',
  };
  return { data: [trace], layout };
}

export interface MeasureCardProps {
  measure: Measure;
  stat: Stat | null;
  reference: Reference | null;
  untrained: Stat | null;
  seeds: number[];
  sharedThreshold: number;
  /** Why `stat` is missing (e.g. "computed when training ends"). */
  pending: string;
}

export function MeasureCard({ measure, stat, reference, untrained, seeds, sharedThreshold, pending }: MeasureCardProps) {
  const figure = useMemo(() => (stat ? heatmap(stat, seeds, reference) : null), [stat, seeds, reference]);
  const gap = stat && reference ? stat.mean - reference.mean : null;
  const beats = gap !== null && reference !== null && gap > chanceMargin(reference);
  const id = measure.id;
  return (
    <article className="measure" data-testid={`stability-card-${id}`}>
      <h3>{measure.title}</h3>
      <p className="measure-def">{measure.definition(sharedThreshold)}</p>
      <div className="measure-numbers">
        <span className="measure-mean" data-testid={`stability-${id}-mean`} data-value={stat?.mean ?? ''}>
          {stat ? <>{f3(stat.mean)} <small>± {f3(stat.std)}</small></> : <small>{pending}</small>}
        </span>
        {gap !== null && (
          <span className={`measure-gap ${beats ? 'gap-up' : 'gap-flat'}`} data-testid={`stability-${id}-gap`} data-beats={beats}>
            {beats ? `+${f3(gap)} above chance` : `within chance (${gap >= 0 ? '+' : '−'}${f3(Math.abs(gap))})`}
          </span>
        )}
      </div>
      <dl className="measure-refs">
        <dt>random baseline</dt>
        <dd data-testid={`stability-${id}-random`} data-value={reference?.mean ?? ''} title={reference?.label}>
          {reference ? <>{f3(reference.mean)} <small>({reference.label})</small></> : '—'}
        </dd>
        <dt>untrained SAEs</dt>
        <dd data-testid={`stability-${id}-initial`} data-value={untrained?.mean ?? ''}>{untrained ? `${f3(untrained.mean)} ± ${f3(untrained.std)}` : '—'}</dd>
      </dl>
      {figure
        ? <Figure testId={`stability-${id}-heatmap`} filename={`stability-${id}`} data={figure.data} layout={figure.layout} height={Math.max(260, 70 + 46 * seeds.length)} />
        : <div className="measure-empty">{pending}</div>}
    </article>
  );
}
