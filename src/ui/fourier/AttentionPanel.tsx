/**
 * Attention at the answer position: where each head at '=' looks (a, b or '=' itself), averaged over all inputs,
 * and for one head the share it gives to a for every input (a, b). In the grokked model the heads mix a and b so
 * the MLP can multiply their waves.
 */
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import { useLab } from '../../store/lab.ts';
import type { FourierDetail, FourierSnapshot } from '../../core/experiment/fourierViews.ts';
import { Figure } from '../plot/Figure.tsx';
import { toRows } from './useFourier.ts';

const KEYS = [
  { name: 'to a', color: '#2563eb' },
  { name: 'to b', color: '#ea580c' },
  { name: "to '='", color: '#94a3b8' },
];

export function AttentionPanel({ snapshot: s, detail: d }: { snapshot: FourierSnapshot; detail: FourierDetail }) {
  const inspect = useLab((st) => st.inspectFourier);
  const selectedHead = useLab((st) => st.fourier.selection.head);

  const means = useMemo(() => {
    const heads = s.attention.map((_, h) => `head ${h}`);
    const data: Data[] = KEYS.map((key, j) => ({
      type: 'bar', name: key.name, x: heads, y: s.attention.map((row) => row[j]), marker: { color: key.color },
      hovertemplate: `%{x} ${key.name}: %{y:.2f}<extra></extra>`,
    }));
    const layout: Partial<Layout> = {
      title: { text: `Mean attention from '=' (step ${s.step})`, font: { size: 15 } },
      margin: { l: 64, r: 16, t: 44, b: 56 },
      barmode: 'stack',
      legend: { orientation: 'h', x: 0.5, xanchor: 'center', y: -0.1, yanchor: 'top', traceorder: 'normal' },
      xaxis: { type: 'category' },
      yaxis: { title: { text: 'share of attention' }, range: [0, 1.02], gridcolor: '#eef0f3' },
      uirevision: 'attention',
    };
    return { data, layout };
  }, [s]);

  const map = useMemo(() => {
    const trace: Data = {
      type: 'heatmap', z: toRows(d.attentionToA, d.p, d.p), zmin: 0, zmax: 1,
      colorscale: [[0, '#ffffff'], [0.5, '#93c5fd'], [1, '#1e3a8a']],
      hovertemplate: 'a = %{y}, b = %{x}: %{z:.2f} to a<extra></extra>', colorbar: { thickness: 12, outlinewidth: 0 },
    };
    const layout: Partial<Layout> = {
      title: { text: `Head ${d.head}: attention from '=' to a`, font: { size: 15 } },
      margin: { l: 56, r: 16, t: 44, b: 48 },
      xaxis: { title: { text: 'b' }, constrain: 'domain' },
      yaxis: { title: { text: 'a' }, scaleanchor: 'x', constrain: 'domain', autorange: 'reversed' },
    };
    return { data: [trace], layout };
  }, [d]);

  return (
    <div className="charts">
      <Figure testId="fourier-attention-chart" filename={`attention-step-${s.step}`} data={means.data} layout={means.layout} height={360}
        caption="Each bar: one head's attention from the answer position, split between a, b and '='." />
      <div className="fourier-figure" data-testid="fourier-attention" data-head={d.head}>
        <div className="fourier-picker">
          <label htmlFor="fourier-head">head</label>
          <select id="fourier-head" data-testid="fourier-head-select" value={selectedHead} onChange={(e) => inspect({ head: Number(e.target.value) })}>
            {s.attention.map((_, h) => <option key={h} value={h}>head {h}</option>)}
          </select>
        </div>
        <Figure testId="fourier-attention-map" filename={`head-${d.head}-attention-step-${d.step}`} data={map.data} layout={map.layout} height={360}
          caption="The rest of the attention goes to b and '='." />
      </div>
    </div>
  );
}
