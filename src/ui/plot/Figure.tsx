/**
 * A Plotly figure redrawn whole with Plotly.react whenever its traces or layout change: bar charts, heatmaps and
 * histograms whose every value can change between updates. (Curves that only grow use Chart.tsx and extendTraces.)
 * The lazily loaded Plotly bundle, the look, the PNG/SVG downloads and the redraw queue (at most one redraw per
 * interval, none off screen) are the same as Chart's.
 */
import { type ReactNode, useEffect, useRef } from 'react';
import type { Data, Layout } from 'plotly.js';
import { baseLayout } from './plotConfig.ts';
import { PlotFrame } from './PlotFrame.tsx';
import { usePlot } from './usePlot.ts';

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
  const latest = useRef({ data, layout, height });
  const plot = usePlot((plotly, div, config) => {
    const p = latest.current;
    void plotly.react(div, p.data, { ...baseLayout(p.height), ...p.layout }, config);
  }, filename, height);
  const { request } = plot;

  useEffect(() => {
    latest.current = { data, layout, height };
    request();
  }, [data, layout, height, request]);

  return <PlotFrame plot={plot} testId={testId} height={height} caption={caption} />;
}
