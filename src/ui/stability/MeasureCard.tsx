/**
 * One stability measure: its name and one-line definition, mean ± std over the seed pairs with every null and the
 * untrained SAEs written beside it, the gap to the strongest null in units of its spread, and the N × N heatmap. The
 * heatmap's colour scale is grey up to the strongest null and blue above it, so a pair that beats it stands out.
 */
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { Stat } from '../../core/experiment/analyze.ts';
import { Figure } from '../plot/Figure.tsx';
import { unitsText } from '../../store/stabilityVerdict.ts';
import { type Measure, type Reference, chanceMargin, strongest } from './measures.ts';
import { f3, signed } from '../../core/format.ts';

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
    colorbar: { thickness: 12, len: 0.9, tickvals: [0, ref, 1], ticktext: ['0', `${reference?.short ?? 'chance'} ${ref.toFixed(2)}`, '1'], tickfont: { size: 11 } },
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
  /** Every null, in order (mean NaN while not computed). */
  references: Reference[];
  untrained: Stat | null;
  seeds: number[];
  sharedThreshold: number;
  /** Why `stat` is missing (e.g. "computed when training ends"). */
  pending: string;
}

const units = (gap: number, std: number) => (std > 0 ? ` = ${unitsText(gap / std)} × its spread ± ${f3(std)}` : '');

/** The gap to the strongest null in words and in units of its spread; neutral unless the trained SAEs clear it. */
function Gap({ id, stat, yardstick }: { id: string; stat: Stat; yardstick: Reference }) {
  const gap = stat.mean - yardstick.mean;
  const beats = gap > chanceMargin(yardstick);
  const text = beats ? `${signed(gap)} above ${yardstick.short}${units(gap, yardstick.std)}` : gap < -chanceMargin(yardstick)
    ? `${f3(-gap)} below ${yardstick.short}` : `no better than ${yardstick.short} (${signed(gap)}${units(gap, yardstick.std)})`;
  return (
    <span className={`measure-gap ${beats ? 'gap-up' : 'gap-flat'}`} data-testid={`stability-${id}-gap`} data-beats={beats}
      data-against={yardstick.name} title={`against the strongest null: ${yardstick.label}`}>
      {text}
    </span>
  );
}

export function MeasureCard({ measure, stat, references, untrained, seeds, sharedThreshold, pending }: MeasureCardProps) {
  const yardstick = useMemo(() => strongest(references), [references]);
  const figure = useMemo(() => (stat ? heatmap(stat, seeds, yardstick) : null), [stat, seeds, yardstick]);
  const id = measure.id;
  return (
    <article className="measure" data-testid={`stability-card-${id}`}>
      <h3>{measure.title}</h3>
      <p className="measure-def">{measure.definition(sharedThreshold)}</p>
      <div className="measure-numbers">
        <span className="measure-mean" data-testid={`stability-${id}-mean`} data-value={stat?.mean ?? ''}>
          {stat ? <>{f3(stat.mean)} <small>± {f3(stat.std)}</small></> : <small>{pending}</small>}
        </span>
        {stat && yardstick && <Gap id={id} stat={stat} yardstick={yardstick} />}
      </div>
      <dl className="measure-refs">
        {references.map((r) => (
          <div key={r.name} className={`measure-ref${r === yardstick ? ' measure-ref-strongest' : ''}`}>
            <dt>{r.short}{r === yardstick && references.some((x) => x !== r && Number.isFinite(x.mean)) ? ' (strongest)' : ''}</dt>
            <dd data-testid={r.name === 'isotropic' ? `stability-${id}-random` : `stability-${id}-null-${r.name}`} data-value={Number.isFinite(r.mean) ? r.mean : ''} title={r.label}>
              {Number.isFinite(r.mean) ? <>{f3(r.mean)} <small>± {f3(r.std)}</small></> : <small>after training</small>}
            </dd>
          </div>
        ))}
        <div className="measure-ref">
          <dt>untrained SAEs</dt>
          <dd data-testid={`stability-${id}-initial`} data-value={untrained?.mean ?? ''}>{untrained ? `${f3(untrained.mean)} ± ${f3(untrained.std)}` : '—'}</dd>
        </div>
      </dl>
      {figure
        ? <Figure testId={`stability-${id}-heatmap`} filename={`stability-${id}`} data={figure.data} layout={figure.layout} height={Math.max(260, 70 + 46 * seeds.length)} />
        : <div className="measure-empty">{pending}</div>}
    </article>
  );
}
