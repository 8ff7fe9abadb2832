/**
 * The two figures of the pretrained run's replay: the embedding spectrum at the chosen snapshot (on one fixed scale
 * for every snapshot, so the key frequencies are seen to grow) and the accuracy curves with the chosen step marked.
 */
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { TransformerMetrics } from '../../core/train/transformerTrainer.ts';
import type { ReplayFrame } from '../../store/pretrainedReplay.ts';
import { Figure } from '../plot/Figure.tsx';
import { FOURIER_COLORS } from '../fourier/useFourier.ts';

const shares = (f: ReplayFrame) => f.norms.map((n) => (f.total > 0 ? (100 * n) / f.total : 0));

export function ReplaySpectrum({ frame, frames }: { frame: ReplayFrame; frames: ReplayFrame[] }) {
  const yMax = useMemo(() => Math.max(...frames.flatMap(shares)) * 1.15, [frames]);
  const { data, layout } = useMemo(() => {
    const y = shares(frame);
    const ks = y.map((_, i) => i + 1);
    const bars: Data = {
      type: 'bar', x: ks, y, name: 'frequency',
      marker: { color: ks.map((k) => (frame.keyFrequencies.includes(k) ? FOURIER_COLORS.key : FOURIER_COLORS.other)) },
      hovertemplate: 'k = %{x}: %{y:.1f}% of ‖W_E‖²<extra></extra>',
    };
    const lay: Partial<Layout> = {
      title: { text: `Embedding spectrum at step ${frame.step}`, font: { size: 15 } },
      margin: { l: 64, r: 16, t: 44, b: 48 }, bargap: 0.2, showlegend: false,
      xaxis: { title: { text: 'frequency k' }, dtick: ks.length <= 25 ? 1 : 5, range: [0.3, ks.length + 0.7], gridcolor: '#eef0f3', zeroline: false },
      yaxis: { title: { text: 'share of ‖W_E‖² (%)' }, range: [0, yMax], gridcolor: '#eef0f3', zeroline: false },
      annotations: frame.keyFrequencies.map((k) => ({
        x: k, y: y[k - 1], text: `<b>${k}</b>`, showarrow: false, yanchor: 'bottom' as const, font: { size: 12, color: FOURIER_COLORS.key },
      })),
    };
    return { data: [bars], layout: lay };
  }, [frame, yMax]);
  return (
    <Figure testId="replay-spectrum-chart" filename={`pretrained-spectrum-step-${frame.step}`} data={data} layout={layout}
      caption={frame.keyFrequencies.length > 0
        ? <>Key frequencies <b style={{ color: FOURIER_COLORS.key }}>{frame.keyFrequencies.join(', ')}</b> hold {(frame.keyFraction * 100).toFixed(1)}% of ‖W_E‖² at this step.</>
        : <>No key frequency yet: the energy is spread over all frequencies.</>} />
  );
}

export function ReplayAccuracy({ metrics, step }: { metrics: TransformerMetrics[]; step: number }) {
  const { data, layout } = useMemo(() => {
    const x = metrics.map((m) => m.step);
    const line = (name: string, y: number[], color: string): Data => ({ type: 'scatter', mode: 'lines', name, x, y, line: { color, width: 2 } });
    const lay: Partial<Layout> = {
      title: { text: `Accuracy; the replay is at step ${step}`, font: { size: 15 } },
      margin: { l: 64, r: 16, t: 44, b: 48 },
      xaxis: { title: { text: 'step' }, gridcolor: '#eef0f3', zeroline: false },
      yaxis: { title: { text: 'accuracy' }, range: [0, 1.04], gridcolor: '#eef0f3', zeroline: false },
      legend: { x: 0.98, xanchor: 'right', y: 0.05, yanchor: 'bottom' }, // bottom right: empty once both curves reach 1
      shapes: [{ type: 'line', xref: 'x', yref: 'paper', x0: step, x1: step, y0: 0, y1: 1, line: { color: '#0f172a', width: 2, dash: 'dot' } }],
    };
    return {
      data: [line('train', metrics.map((m) => m.trainAcc), '#2563eb'), line('test', metrics.map((m) => m.testAcc), '#ea580c')],
      layout: lay,
    };
  }, [metrics, step]);
  return <Figure testId="replay-accuracy-chart" filename={`pretrained-accuracy-step-${step}`} data={data} layout={layout} />;
}
