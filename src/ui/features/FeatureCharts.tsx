/** Figures of the SAE features section: Fourier shares against the untrained SAEs, and one latent's views. */
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { FeatureDetail, FeaturesSummary } from '../../core/experiment/features.ts';
import { Figure } from '../plot/Figure.tsx';
import { FOURIER_COLORS, toRows } from '../fourier/useFourier.ts';

export function ShareChart({ summary: s }: { summary: FeaturesSummary }) {
  const { data, layout } = useMemo(() => {
    const x = s.seeds.map((seed) => `seed ${seed}`);
    const data: Data[] = [
      { type: 'bar', name: 'trained', x, y: s.trained.map((r) => 100 * r.share), marker: { color: '#7c3aed' } },
      { type: 'bar', name: 'untrained (baseline)', x, y: s.initial.map((r) => 100 * r.share), marker: { color: '#cbd5e1' } },
    ];
    const lay: Partial<Layout> = {
      barmode: 'group', yaxis: { title: { text: 'live latents that are Fourier (%)' }, rangemode: 'tozero', gridcolor: '#eef0f3' },
    };
    return { data, layout: lay };
  }, [s]);
  return <Figure testId="features-share-chart" filename="sae-fourier-share" data={data} layout={layout} height={260}
    caption={`Share of live latents one frequency of which explains ≥ ${s.threshold} of their pre-activation over the inputs.`} />;
}

export function LatentHeatmap({ p, heatmap, title, testId }: { p: number; heatmap: Float32Array; title: string; testId: string }) {
  const { data, layout } = useMemo(() => {
    const trace: Data = { type: 'heatmap', z: toRows(heatmap, p, p), colorscale: 'Viridis', colorbar: { thickness: 10, outlinewidth: 0 },
      hovertemplate: 'a = %{y}, b = %{x}: %{z:.3f}<extra></extra>' };
    const lay: Partial<Layout> = {
      title: { text: title, font: { size: 13 } }, margin: { l: 40, r: 8, t: 36, b: 36 },
      xaxis: { title: { text: 'b' }, constrain: 'domain' }, yaxis: { title: { text: 'a' }, scaleanchor: 'x', constrain: 'domain', autorange: 'reversed' },
    };
    return { data: [trace], layout: lay };
  }, [p, heatmap, title]);
  return <Figure testId={testId} filename={testId} data={data} layout={layout} height={280} />;
}

export function LatentFractions({ detail: d, keys, threshold }: { detail: FeatureDetail; keys: number[]; threshold: number }) {
  const { data, layout } = useMemo(() => {
    const ks = d.fractions.map((_, i) => i + 1);
    const bars: Data = { type: 'bar', x: ks, y: d.fractions.map((f) => 100 * f),
      marker: { color: ks.map((k) => (keys.includes(k) ? FOURIER_COLORS.key : FOURIER_COLORS.other)) },
      hovertemplate: 'k = %{x} explains %{y:.1f}%<extra></extra>' };
    const line = 100 * threshold;
    const lay: Partial<Layout> = {
      showlegend: false, margin: { l: 56, r: 8, t: 20, b: 44 },
      xaxis: { title: { text: 'frequency k' }, dtick: ks.length <= 25 ? 1 : 5 },
      yaxis: { title: { text: 'explained (%)' }, range: [0, 102], gridcolor: '#eef0f3' },
      shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: line, y1: line, line: { color: '#475569', width: 1.5, dash: 'dash' } }],
    };
    return { data: [bars], layout: lay };
  }, [d, keys, threshold]);
  return <Figure testId="features-latent-fractions" filename={`latent-${d.seed}-${d.latent}-spectrum`} data={data} layout={layout} height={280}
    caption="The Fourier test: share of the latent's pre-activation (before the gate) per frequency, dashed the threshold (key frequencies highlighted)." />;
}
