/**
 * A Plotly figure redrawn whole with Plotly.react whenever its traces or layout change: bar charts, heatmaps and
 * histograms whose every value can change between updates. (Curves that only grow use Chart.tsx and extendTraces.)
 * The lazily loaded Plotly bundle, the look, the PNG/SVG downloads and the redraw queue (at most one redraw per
 * interval, none off screen) are the same as Chart's.
 */
import { type ReactNode, useEffect, useRef } from 'react';
import type { Data, Layout } from 'plotly.js';
import { type PlotDownload, baseLayout, downloadPlot, plotConfig } from './plotConfig.ts';
import { usePlotly } from './usePlotly.ts';
import { useRedraw } from './useRedraw.ts';

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

export function Figure({ testId, filename, data, layout, height = 320, caption }: FigureProps) {
  const figure = useRef<HTMLElement>(null);
  const el = useRef<HTMLDivElement>(null);
  const latest = useRef({ data, layout, height, filename });
  const { plotly, loadError } = usePlotly();

  const redraw = useRedraw(figure, () => {
    const p = latest.current;
    const download: PlotDownload = { filename: p.filename, height: p.height, flush: redraw.flush };
    if (plotly && el.current) void plotly.react(el.current, p.data, { ...baseLayout(p.height), ...p.layout }, plotConfig(plotly, download));
  });

  useEffect(() => {
    latest.current = { data, layout, height, filename };
    redraw.request();
  }, [plotly, data, layout, height, filename, redraw]);

  useEffect(() => {
    const div = el.current;
    return () => {
      if (plotly && div) plotly.purge(div);
    };
  }, [plotly]);

  const download = (format: 'png' | 'svg') => {
    if (plotly && el.current) downloadPlot(plotly, el.current, format, { filename, height, flush: redraw.flush });
  };

  return (
    <figure ref={figure} className="chart" data-testid={testId}>
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
