/**
 * A Plotly figure redrawn whole with Plotly.react whenever its traces or layout change: bar charts, heatmaps and
 * histograms whose every value can change between updates. (Curves that only grow use Chart.tsx and extendTraces.)
 * The lazily loaded Plotly bundle, the look and the PNG/SVG downloads are the same as Chart's.
 */
import { type ReactNode, useEffect, useRef } from 'react';
import type { Config, Data, Layout } from 'plotly.js';
import type { PlotlyApi } from './loadPlotly.ts';
import { usePlotly } from './usePlotly.ts';

export interface FigureProps {
  testId: string;
  /** File name (without extension) for PNG/SVG downloads. */
  filename: string;
  data: Data[];
  layout: Partial<Layout>;
  height?: number;
  /** Shown under the plot, left of the download buttons (what the chart shows, its baseline). */
  caption?: ReactNode;
}

export const FIGURE_FONT = { family: 'Inter, system-ui, -apple-system, "Segoe UI", sans-serif', size: 13, color: '#1f2937' };

function fullLayout(layout: Partial<Layout>, height: number): Partial<Layout> {
  return {
    font: FIGURE_FONT,
    height,
    margin: { l: 64, r: 16, t: 30, b: 48 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: '#ffffff',
    legend: { orientation: 'h', x: 1, xanchor: 'right', y: 1.02, yanchor: 'bottom' },
    ...layout,
  };
}

function config(plotly: PlotlyApi, filename: string, height: number): Partial<Config> {
  return {
    responsive: true,
    displaylogo: false,
    displayModeBar: 'hover',
    toImageButtonOptions: { filename, format: 'png', scale: 2 },
    modeBarButtonsToRemove: ['select2d', 'lasso2d'],
    modeBarButtonsToAdd: [{
      name: 'downloadSvg',
      title: 'Download plot as SVG',
      icon: plotly.Icons.disk,
      click: (gd) => void plotly.downloadImage(gd, { format: 'svg', filename, width: gd.clientWidth, height }),
    }],
  };
}

export function Figure({ testId, filename, data, layout, height = 320, caption }: FigureProps) {
  const el = useRef<HTMLDivElement>(null);
  const { plotly, loadError } = usePlotly();

  useEffect(() => {
    if (plotly && el.current) void plotly.react(el.current, data, fullLayout(layout, height), config(plotly, filename, height));
  }, [plotly, data, layout, height, filename]);

  useEffect(() => {
    const div = el.current;
    return () => {
      if (plotly && div) plotly.purge(div);
    };
  }, [plotly]);

  const download = (format: 'png' | 'svg') => {
    if (plotly && el.current) void plotly.downloadImage(el.current, { format, filename, width: el.current.clientWidth, height });
  };

  return (
    <figure className="chart" data-testid={testId}>
      <div ref={el} className="chart-plot" style={{ minHeight: height }} />
      {!plotly && <div className="chart-placeholder">{loadError ? `chart failed to load: ${loadError}` : 'loading chart…'}</div>}
      <figcaption className="chart-downloads">
        {caption && <span className="chart-caption">{caption}</span>}
        <button type="button" className="link" disabled={!plotly} onClick={() => download('png')}>PNG</button>
        <button type="button" className="link" disabled={!plotly} onClick={() => download('svg')} data-testid={`${testId}-svg`}>SVG</button>
      </figcaption>
    </figure>
  );
}
