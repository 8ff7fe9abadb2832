/** Stability gained against reconstruction lost, one marker per arm: methods filled, controls open, own-reference rows crossed. */
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { StabiliseRecord } from '../../core/stabilise/record.ts';
import type { RowRole } from '../../core/stabilise/controls.ts';
import { Figure } from '../plot/Figure.tsx';
import { type GainPoint, gainView } from './gainPoints.ts';

const LOOK: Record<RowRole, { name: string; symbol: string; color: string }> = {
  baseline: { name: 'plain (baseline)', symbol: 'circle', color: '#111827' },
  method: { name: 'method (held out)', symbol: 'circle', color: '#2563eb' },
  control: { name: 'control (shared init or reference)', symbol: 'diamond-open', color: '#6b7280' },
  ownReference: { name: 'vs its own reference (not judged)', symbol: 'x', color: '#d97706' },
};

const trace = (role: RowRole, points: GainPoint[]): Data => ({
  // Methods are named on the chart; the controls (often piled on one spot) only on hover.
  type: 'scatter', mode: role === 'method' ? 'text+markers' : 'markers', name: LOOK[role].name, x: points.map((p) => p.fvuLost), y: points.map((p) => p.pwmccGained),
  text: points.map((p) => p.label), textposition: 'top center', textfont: { size: 11 },
  marker: { symbol: points.map((p) => (p.credited ? 'star' : LOOK[role].symbol)), color: points.map((p) => (p.credited ? '#16a34a' : LOOK[role].color)), size: 11 },
  hovertemplate: '%{text}<br>FVU lost %{x:.3f}<br>PWMCC gained %{y:.3f}<extra></extra>',
});

export function GainChart({ record }: { record: StabiliseRecord }) {
  const view = useMemo(() => gainView(record, record.nulls), [record]);
  const { data, layout } = useMemo(() => {
    const roles: RowRole[] = ['baseline', 'method', 'control', 'ownReference'];
    const data = roles.map((r) => [r, view?.points.filter((p) => p.role === r) ?? []] as const).filter(([, ps]) => ps.length > 0).map(([r, ps]) => trace(r, ps));
    const line = view?.nullLine;
    const layout: Partial<Layout> = {
      xaxis: { title: { text: 'reconstruction lost (FVU − plain FVU)' }, zeroline: true, gridcolor: '#eef0f3' },
      yaxis: { title: { text: 'stability gained (PWMCC − plain PWMCC)' }, zeroline: true, gridcolor: '#eef0f3' },
      shapes: line ? [{ type: 'line', xref: 'paper', x0: 0, x1: 1, yref: 'y', y0: line.pwmccGained, y1: line.pwmccGained, line: { color: '#16a34a', width: 2, dash: 'dot' } }] : [],
      annotations: line ? [{ xref: 'paper', x: 0, y: line.pwmccGained, text: line.label, showarrow: false, xanchor: 'left', yanchor: 'bottom', font: { color: '#15803d', size: 12 } }] : [],
    };
    return { data, layout };
  }, [view]);
  if (!view) return null;
  return (
    <Figure testId="stabilise-chart" filename="stabilise-gain" data={data} layout={layout} height={380}
      caption="Up is more agreement between seeds than plain training; right is worse reconstruction. A method earns its gain only above the dotted line (the strongest null) and above its shared-init control." />
  );
}
