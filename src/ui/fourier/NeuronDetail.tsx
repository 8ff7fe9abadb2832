/**
 * One MLP neuron in full: how much each frequency explains of it, its activation at the '=' position for every
 * input (a, b), and the same thing in the 2-D Fourier basis folded into frequency blocks. A frequency-k neuron is a
 * wave in a and b: its spectrum lights up the blocks (k, k), (k, const) and (const, k).
 */
import { useEffect, useMemo, useState } from 'react';
import type { Data, Layout } from 'plotly.js';
import { useLab } from '../../store/lab.ts';
import type { FourierDetail, FourierSnapshot } from '../../core/experiment/fourierViews.ts';
import { Figure } from '../plot/Figure.tsx';
import { SpectrumHeatmap } from './SpectrumHeatmap.tsx';
import { FOURIER_COLORS, toRows } from './useFourier.ts';

const MARGIN = { l: 56, r: 16, t: 44, b: 48 };

export function describeNeuron(d: FourierDetail, threshold: number): string {
  if (d.dominant === 0) return `Neuron ${d.neuron} is constant over all inputs (it never fires, or fires the same everywhere).`;
  const pct = `${Math.round(d.dominantFraction * 100)}%`;
  return d.dominantFraction >= threshold
    ? `Neuron ${d.neuron} is a frequency-${d.dominant} neuron: k = ${d.dominant} explains ${pct} of its variation.`
    : `Neuron ${d.neuron} mixes frequencies: the best, k = ${d.dominant}, explains ${pct} (below ${Math.round(threshold * 100)}%).`;
}

export function NeuronPicker({ dMlp }: { dMlp: number }) {
  const selected = useLab((s) => s.fourier.selection.neuron);
  const inspect = useLab((s) => s.inspectFourier);
  const [text, setText] = useState(String(selected));
  useEffect(() => setText(String(selected)), [selected]);
  const valid = (value: string) => value.trim() !== '' && Number.isInteger(Number(value)) && Number(value) >= 0 && Number(value) < dMlp;
  const pick = (n: number) => inspect({ neuron: Math.min(Math.max(n, 0), dMlp - 1) });
  const onChange = (value: string) => {
    setText(value);
    if (valid(value)) inspect({ neuron: Number(value) });
  };
  return (
    <div className="fourier-picker">
      <label htmlFor="fourier-neuron">neuron</label>
      <button type="button" className="fourier-step-button" aria-label="previous neuron" disabled={selected <= 0} onClick={() => pick(selected - 1)}>◀</button>
      <input id="fourier-neuron" data-testid="fourier-neuron-input" className={`field-input${valid(text) ? '' : ' fourier-input-bad'}`}
        type="number" min={0} max={dMlp - 1} step={1} value={text} onChange={(e) => onChange(e.target.value)} aria-invalid={!valid(text) || undefined} />
      <button type="button" className="fourier-step-button" aria-label="next neuron" disabled={selected >= dMlp - 1} onClick={() => pick(selected + 1)}>▶</button>
      <span className="fourier-picker-hint">0 – {dMlp - 1}</span>
    </div>
  );
}

export function FractionsFigure({ snapshot: s, detail: d }: { snapshot: FourierSnapshot; detail: FourierDetail }) {
  const { data, layout } = useMemo(() => {
    const ks = d.fractions.map((_, i) => i + 1);
    const bars: Data = {
      type: 'bar', x: ks, y: d.fractions.map((f) => 100 * f),
      marker: { color: ks.map((k) => (s.keyFrequencies.includes(k) ? FOURIER_COLORS.key : FOURIER_COLORS.other)) },
      hovertemplate: 'k = %{x} explains %{y:.1f}%<extra></extra>',
    };
    const line = 100 * s.clusterThreshold;
    const lay: Partial<Layout> = {
      title: { text: `Neuron ${d.neuron}: variation explained per frequency`, font: { size: 15 } },
      margin: { l: 64, r: 16, t: 44, b: 48 },
      showlegend: false,
      xaxis: { title: { text: 'frequency k' }, dtick: ks.length <= 25 ? 1 : 5, range: [0.3, ks.length + 0.7], zeroline: false },
      yaxis: { title: { text: 'explained (%)' }, range: [0, 102], gridcolor: '#eef0f3', zeroline: false },
      shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: line, y1: line, line: { color: '#475569', width: 1.5, dash: 'dash' } }],
      annotations: [{ xref: 'paper', x: 0, y: line, text: `${line}% threshold`, showarrow: false, xanchor: 'left', yanchor: 'bottom', font: { size: 12, color: '#475569' } }],
    };
    return { data: [bars], layout: lay };
  }, [d, s]);
  return <Figure testId="fourier-neuron-fractions" filename={`neuron-${d.neuron}-fractions-step-${d.step}`} data={data} layout={layout}
    caption="Share of the neuron's variation over the inputs that each frequency explains." />;
}

export function ActivationFigure({ detail: d }: { detail: FourierDetail }) {
  const { data, layout } = useMemo(() => {
    const trace: Data = {
      type: 'heatmap', z: toRows(d.activation, d.p, d.p), colorscale: 'Viridis',
      hovertemplate: 'a = %{y}, b = %{x}: %{z:.3f}<extra></extra>', colorbar: { thickness: 12, outlinewidth: 0 },
    };
    const lay: Partial<Layout> = {
      title: { text: `Neuron ${d.neuron} for every input (a, b)`, font: { size: 15 } },
      margin: MARGIN,
      xaxis: { title: { text: 'b' }, constrain: 'domain' },
      yaxis: { title: { text: 'a' }, scaleanchor: 'x', constrain: 'domain', autorange: 'reversed' },
    };
    return { data: [trace], layout: lay };
  }, [d]);
  return (
    <div className="fourier-figure" data-testid="fourier-neuron" data-neuron={d.neuron} data-step={d.step}>
      <Figure testId="fourier-neuron-heatmap" filename={`neuron-${d.neuron}-step-${d.step}`} data={data} layout={layout} height={380}
        caption="Activation after the ReLU at the '=' position; rows a, columns b." />
    </div>
  );
}

export function SpectrumFigure({ detail: d }: { detail: FourierDetail }) {
  return <SpectrumHeatmap p={d.p} spectrum={d.spectrum} title={`Neuron ${d.neuron} in 2-D waves`} testId="fourier-neuron-spectrum"
    filename={`neuron-${d.neuron}-spectrum-step-${d.step}`}
    caption="Share of the variation in each block of frequencies (a, b); k explains (k, k), (k, const), (const, k)." />;
}
