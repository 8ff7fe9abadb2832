/**
 * A metric against one axis, read faster than the table: the user picks the metric and the axis; each line is a
 * configuration of the other axes, its band ± std over seeds (seed pairs for the stability forms), and a stability
 * form's strongest null is the dashed line of the same colour beside it (SCIENCE.md §4b). Data: axisSeries.ts.
 */
import { useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { SweepRow } from '../../core/sweep/results.ts';
import type { SweepField } from '../../core/sweep/spec.ts';
import { Figure } from '../plot/Figure.tsx';
import { baseLayout } from '../plot/plotConfig.ts';
import { seedColor } from '../saes/seedColors.ts';
import { type ChartMetric, axisSeries, chartMetricsFor, settingFields } from './axisSeries.ts';

const GRID = '#eef0f3';
const HEIGHT = 340;

/** '#2563eb' → 'rgba(37,99,235,0.15)': the band in its line's colour. */
const translucent = (hex: string, alpha: number) =>
  `rgba(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(',')},${alpha})`;

export function SweepAxisChart({ rows }: { rows: SweepRow[] }) {
  const fields = useMemo(() => settingFields(rows), [rows]);
  const [metric, setMetric] = useState<ChartMetric>('pwmccMax');
  const [picked, setPicked] = useState<SweepField | null>(null);
  const metrics = useMemo(() => chartMetricsFor(rows), [rows]);
  const x = picked && fields.includes(picked) ? picked : fields[0];
  const option = metrics.find((m) => m.key === metric) ?? metrics[0];

  const { data, layout, omitted, lines } = useMemo(() => {
    const chart = x ? axisSeries(rows, option.key, x) : { series: [], omitted: 0 };
    const traces: Data[] = [];
    chart.series.forEach((s, i) => {
      const color = seedColor(i);
      traces.push(
        { type: 'scatter', mode: 'lines', x: s.x.map(String), y: s.upper, line: { width: 0 }, showlegend: false, hoverinfo: 'skip', legendgroup: s.name },
        { type: 'scatter', mode: 'lines', x: s.x.map(String), y: s.lower, line: { width: 0 }, fill: 'tonexty', fillcolor: translucent(color, 0.15),
          showlegend: false, hoverinfo: 'skip', legendgroup: s.name },
        { type: 'scatter', mode: 'lines+markers', name: s.name, x: s.x.map(String), y: s.mean, line: { color, width: 2.5 }, marker: { size: 7 },
          legendgroup: s.name, hovertemplate: `${s.name}<br>%{x}: %{y:.3f}<extra></extra>` },
      );
      if (s.nullMean) {
        traces.push({ type: 'scatter', mode: 'lines', name: `${s.name}: strongest null`, x: s.x.map(String), y: s.nullMean, legendgroup: s.name,
          line: { color, width: 1.5, dash: 'dash' }, text: (s.nullName ?? []).map((n) => n ?? ''),
          hovertemplate: `${s.name}<br>strongest null (%{text}) %{y:.3f}<extra></extra>` });
      }
    });
    // The axis's values as evenly spaced categories, in order: sweep values are chosen points (4, 8, 16; 1e-4, 1e-3), not a scale.
    const values = [...new Set(chart.series.flatMap((s) => s.x))].sort((a, b) =>
      (typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b))));
    const lay: Partial<Layout> = {
      xaxis: { title: { text: x ?? '' }, gridcolor: GRID, type: 'category', categoryorder: 'array', categoryarray: values.map(String) },
      yaxis: { title: { text: option.label }, gridcolor: GRID, zeroline: false },
      legend: { ...baseLayout(HEIGHT).legend, traceorder: 'normal' }, // each line's null right after it
      // A gain is a difference from its control: the line at 0 is "no better than the control".
      shapes: option.gain ? [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: 0, y1: 0, line: { color: '#6b7280', width: 1.5, dash: 'dot' } }] : [],
    };
    return { data: traces, layout: lay, omitted: chart.omitted, lines: chart.series.length };
  }, [rows, option, x]);

  if (!x) return null;
  const how = option.gain
    ? 'one number per configuration from its comparison with plain training (same seeds); dotted: 0, no change from the control'
    : `mean over seeds, band ± std${option.againstNull ? ' (over seed pairs); dashed: each line’s strongest null' : ''}`;
  const caption = `${how}.${omitted > 0 ? ` ${omitted} more configuration(s) not drawn.` : ''}`;
  return (
    <div className="sweep-axis-chart" data-testid="sweep-axis-chart" data-lines={lines}>
      <div className="sweep-chart-controls">
        <label className="field">
          <span className="field-label">Metric</span>
          <select className="field-input" data-testid="sweep-chart-metric" value={option.key} onChange={(e) => setMetric(e.target.value as ChartMetric)}>
            {metrics.map((m) => <option key={m.key} value={m.key}>{m.label}</option>)}
          </select>
        </label>
        <label className="field">
          <span className="field-label">Against</span>
          <select className="field-input" data-testid="sweep-chart-axis" value={x} onChange={(e) => setPicked(e.target.value as SweepField)}>
            {fields.map((f) => <option key={f} value={f}>{f}</option>)}
          </select>
        </label>
      </div>
      <Figure testId="sweep-chart" filename={`sweep-${option.key}-by-${x}`} data={data} layout={layout} height={HEIGHT} caption={caption} />
    </div>
  );
}
