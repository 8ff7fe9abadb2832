/**
 * A unit's 2-D spectrum over the p × p inputs folded into frequency blocks (frequency in a × frequency in b, 'const'
 * first), as the share of its variation per block. Shared by the Fourier section's neurons and the SAE latents.
 */
import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import { Figure } from '../plot/Figure.tsx';
import { FOURIER_COLORS, frequencyLabels, toRows } from './useFourier.ts';

export interface SpectrumHeatmapProps {
  p: number;
  /** [(nFreq + 1)²] shares (0..1), row = frequency in a. */
  spectrum: ArrayLike<number>;
  title: string;
  testId: string;
  filename: string;
  height?: number;
  titleSize?: number;
  caption?: string;
}

export function SpectrumHeatmap({ p, spectrum, title, testId, filename, height = 380, titleSize = 15, caption }: SpectrumHeatmapProps) {
  const { data, layout } = useMemo(() => {
    const nFreq = (p - 1) / 2;
    const labels = frequencyLabels(nFreq);
    const trace: Data = {
      type: 'heatmap', z: toRows(Array.from(spectrum, (x) => 100 * x), nFreq + 1, nFreq + 1), x: labels, y: labels,
      colorscale: [[0, '#ffffff'], [0.15, FOURIER_COLORS.keySoft], [1, '#4c1d95']], zmin: 0,
      hovertemplate: 'a: %{y}, b: %{x}: %{z:.1f}%<extra></extra>', colorbar: { thickness: 12, outlinewidth: 0, ticksuffix: '%' },
    };
    const dtick = nFreq <= 25 ? 1 : 5;
    const lay: Partial<Layout> = {
      title: { text: title, font: { size: titleSize } },
      margin: { l: 56, r: 16, t: 44, b: 48 },
      xaxis: { title: { text: 'frequency in b' }, type: 'category', constrain: 'domain', dtick },
      yaxis: { title: { text: 'frequency in a' }, type: 'category', scaleanchor: 'x', constrain: 'domain', autorange: 'reversed', dtick },
    };
    return { data: [trace], layout: lay };
  }, [p, spectrum, title, titleSize]);
  return <Figure testId={testId} filename={filename} data={data} layout={layout} height={height} caption={caption} />;
}
