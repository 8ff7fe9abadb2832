/**
 * The embedding's spectrum: how W_E's energy spreads over the frequencies k = 1..(p−1)/2 of the Fourier basis.
 * Untrained, every frequency holds about the same; as the model groks a few key frequencies take nearly all of it.
 */
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import type { FourierSnapshot } from '../../core/experiment/fourierViews.ts';
import { Figure } from '../plot/Figure.tsx';
import { FOURIER_COLORS } from './useFourier.ts';

export function EmbeddingSpectrum({ snapshot: s }: { snapshot: FourierSnapshot }) {
  const { data, layout } = useMemo(() => {
    const nFreq = s.embeddingNorms.length;
    const ks = s.embeddingNorms.map((_, i) => i + 1);
    const share = s.embeddingNorms.map((n) => (s.embeddingTotal > 0 ? (100 * n) / s.embeddingTotal : 0));
    const isKey = ks.map((k) => s.keyFrequencies.includes(k));
    // What each frequency would hold if the non-constant energy were spread evenly.
    const even = s.embeddingTotal > 0 ? (100 * (s.embeddingTotal - s.embeddingConstant)) / s.embeddingTotal / nFreq : 0;
    const bars: Data = {
      type: 'bar', x: ks, y: share, name: 'frequency',
      marker: { color: isKey.map((k) => (k ? FOURIER_COLORS.key : FOURIER_COLORS.other)) },
      hovertemplate: 'k = %{x}: %{y:.1f}% of ‖W_E‖²<extra></extra>',
    };
    const lay: Partial<Layout> = {
      title: { text: `Embedding spectrum at step ${s.step}`, font: { size: 15 } },
      margin: { l: 64, r: 16, t: 44, b: 48 },
      bargap: 0.2,
      showlegend: false,
      xaxis: { title: { text: 'frequency k' }, dtick: nFreq <= 25 ? 1 : 5, range: [0.3, nFreq + 0.7], gridcolor: '#eef0f3', zeroline: false },
      yaxis: { title: { text: 'share of ‖W_E‖² (%)' }, rangemode: 'tozero', gridcolor: '#eef0f3', zeroline: false },
      shapes: [{ type: 'line', xref: 'paper', x0: 0, x1: 1, y0: even, y1: even, line: { color: '#475569', width: 1.5, dash: 'dash' } }],
      annotations: [
        { xref: 'paper', x: 0.01, y: even, text: 'even spread', showarrow: false, xanchor: 'left', yanchor: 'bottom', font: { size: 12, color: '#475569' } },
        ...s.keyFrequencies.map((k) => ({
          x: k, y: share[k - 1], text: `<b>k=${k}</b>`, showarrow: false, yanchor: 'bottom' as const, font: { size: 13, color: FOURIER_COLORS.key },
        })),
      ],
      uirevision: 'spectrum',
    };
    return { data: [bars], layout: lay };
  }, [s]);

  const keys = s.keyFrequencies;
  return (
    <div className="fourier-figure" data-testid="fourier-spectrum" data-step={s.step} data-keys={keys.join(',')}>
      <Figure testId="fourier-spectrum-chart" filename={`embedding-spectrum-step-${s.step}`} data={data} layout={layout}
        caption={keys.length > 0
          ? <>Key frequencies <b style={{ color: FOURIER_COLORS.key }}>{keys.join(', ')}</b> hold {(s.keyFraction * 100).toFixed(1)}% of ‖W_E‖² (the rest: other frequencies and the constant part).</>
          : <>No key frequency: none is ≥ 4× the median and above the even spread.</>} />
    </div>
  );
}
