/**
 * A live line chart. The first draw (and any change of run, axes or markers) uses Plotly.react; while a run only
 * appends points, new points go through Plotly.extendTraces, which redraws without re-sending the whole curve.
 * Redraws go through the page's redraw queue (useRedraw.ts): at most one per chart per interval, each in a task of
 * its own, none while the chart is off screen, and always with the newest points.
 */
import { useEffect, useRef } from 'react';
import type { Config, Data, Layout, Shape } from 'plotly.js';
import type { PlotlyApi } from './loadPlotly.ts';
import { onLogAxis } from '../format.ts';
import { baseLayout } from './plotConfig.ts';
import { PlotFrame } from './PlotFrame.tsx';
import { usePlot } from './usePlot.ts';

export interface Series {
  name: string;
  x: number[];
  y: number[];
  color: string;
}

export interface Marker {
  x: number;
  label: string;
}

export interface ChartProps {
  testId: string;
  /** File name (without extension) for PNG/SVG downloads. */
  filename: string;
  series: Series[];
  /** Changes whenever the curves are replaced rather than extended (a new run). */
  seriesKey: number;
  xTitle: string;
  yTitle: string;
  xMax?: number;
  yLog?: boolean;
  yRange?: [number, number];
  markers?: Marker[];
}

interface Drawn {
  seriesKey: number;
  layoutKey: string;
  lengths: number[];
}

const HEIGHT = 320;

function buildLayout(p: ChartProps): Partial<Layout> {
  const shapes: Partial<Shape>[] = (p.markers ?? []).map((m) => ({
    type: 'line', xref: 'x', yref: 'paper', x0: m.x, x1: m.x, y0: 0, y1: 1,
    line: { color: '#16a34a', width: 2, dash: 'dot' },
  }));
  return {
    ...baseLayout(HEIGHT),
    xaxis: { title: { text: p.xTitle }, range: p.xMax ? [0, p.xMax] : undefined, autorange: !p.xMax, gridcolor: '#eef0f3', zeroline: false },
    yaxis: {
      // Log axes label powers of ten only: the default 2 and 5 minor labels clutter a projected chart.
      title: { text: p.yTitle }, type: p.yLog ? 'log' : 'linear', exponentformat: 'power', dtick: p.yLog ? 1 : undefined,
      range: p.yRange, autorange: !p.yRange, gridcolor: '#eef0f3', zeroline: false,
    },
    shapes,
    annotations: (p.markers ?? []).map((m) => ({
      x: m.x, y: 1, xref: 'x', yref: 'paper', text: m.label, showarrow: false, xanchor: 'left', yanchor: 'top', xshift: 4,
      font: { color: '#15803d', size: 12 }, bgcolor: 'rgba(255,255,255,0.85)',
    })),
    uirevision: p.seriesKey, // keeps the user's zoom while points stream in
  };
}

// A curve of one point (an imported SAE's single evaluation, a run's first) is invisible as a line: mark it.
const toTrace = (s: Series): Data => ({
  type: 'scatter', mode: s.x.length === 1 ? 'lines+markers' : 'lines', name: s.name, x: s.x, y: s.y,
  line: { color: s.color, width: 2 }, marker: { color: s.color, size: 7 },
});

/** Draws the newest props: extends the drawn curves when they only grew, else replaces the figure. */
function drawChart(plotly: PlotlyApi, div: HTMLElement, config: Partial<Config>, p: ChartProps, prev: Drawn | null): Drawn {
  const { seriesKey } = p;
  // A log axis cannot draw 0 (a memorised training set's loss): such points are drawn at the floor.
  const series = p.yLog ? p.series.map((s) => ({ ...s, y: s.y.map(onLogAxis) })) : p.series;
  const layoutKey = JSON.stringify([p.xMax, p.yLog, p.yRange, p.markers, p.xTitle, p.yTitle]);
  const extendable = prev && prev.seriesKey === seriesKey && prev.layoutKey === layoutKey &&
    prev.lengths.length === series.length && series.every((s, i) => s.x.length >= prev.lengths[i]) &&
    !prev.lengths.includes(1); // a marked single point is redrawn as a plain line once it grows
  if (extendable) {
    const grown = series.map((s, i) => ({ s, i, from: prev.lengths[i] })).filter(({ s, from }) => s.x.length > from);
    if (grown.length > 0) {
      const update = { x: grown.map(({ s, from }) => s.x.slice(from)), y: grown.map(({ s, from }) => s.y.slice(from)) };
      void plotly.extendTraces(div, update, grown.map(({ i }) => i));
    }
  } else {
    void plotly.react(div, series.map(toTrace), buildLayout(p), config);
  }
  return { seriesKey, layoutKey, lengths: series.map((s) => s.x.length) };
}

export function Chart(props: ChartProps) {
  const drawn = useRef<Drawn | null>(null);
  const latest = useRef(props);
  const plot = usePlot((plotly, div, config) => {
    drawn.current = drawChart(plotly, div, config, latest.current, drawn.current);
  }, props.filename, HEIGHT);

  useEffect(() => {
    latest.current = props;
    plot.request();
  });

  return <PlotFrame plot={plot} testId={props.testId} height={HEIGHT} />;
}
