/**
 * A live line chart. The first draw (and any change of run, axes or markers) uses Plotly.react; while a run only
 * appends points, new points go through Plotly.extendTraces, which redraws without re-sending the whole curve.
 */
import { useEffect, useRef } from 'react';
import type { Config, Data, Layout, Shape } from 'plotly.js';
import type { PlotlyApi } from './loadPlotly.ts';
import { usePlotly } from './usePlotly.ts';

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

const FONT = { family: 'Inter, system-ui, -apple-system, "Segoe UI", sans-serif', size: 13, color: '#1f2937' };

function buildLayout(p: ChartProps): Partial<Layout> {
  const shapes: Partial<Shape>[] = (p.markers ?? []).map((m) => ({
    type: 'line', xref: 'x', yref: 'paper', x0: m.x, x1: m.x, y0: 0, y1: 1,
    line: { color: '#16a34a', width: 2, dash: 'dot' },
  }));
  return {
    font: FONT,
    height: 320,
    margin: { l: 64, r: 16, t: 30, b: 48 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: '#ffffff',
    legend: { orientation: 'h', x: 1, xanchor: 'right', y: 1.02, yanchor: 'bottom' },
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

function buildConfig(plotly: PlotlyApi, filename: string): Partial<Config> {
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
      click: (gd) => void plotly.downloadImage(gd, { format: 'svg', filename, width: gd.clientWidth, height: 320 }),
    }],
  };
}

const toTrace = (s: Series): Data => ({
  type: 'scatter', mode: 'lines', name: s.name, x: s.x, y: s.y, line: { color: s.color, width: 2 },
});

export function Chart(props: ChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const drawn = useRef<Drawn | null>(null);
  const { plotly, loadError } = usePlotly();

  useEffect(() => {
    const div = el.current;
    if (!plotly || !div) return;
    const { series, seriesKey } = props;
    const layoutKey = JSON.stringify([props.xMax, props.yLog, props.yRange, props.markers, props.xTitle, props.yTitle]);
    const prev = drawn.current;
    const extendable = prev && prev.seriesKey === seriesKey && prev.layoutKey === layoutKey &&
      prev.lengths.length === series.length && series.every((s, i) => s.x.length >= prev.lengths[i]);
    if (extendable) {
      const grown = series.map((s, i) => ({ s, i, from: prev.lengths[i] })).filter(({ s, from }) => s.x.length > from);
      if (grown.length > 0) {
        const update = { x: grown.map(({ s, from }) => s.x.slice(from)), y: grown.map(({ s, from }) => s.y.slice(from)) };
        void plotly.extendTraces(div, update, grown.map(({ i }) => i));
      }
    } else {
      void plotly.react(div, series.map(toTrace), buildLayout(props), buildConfig(plotly, props.filename));
    }
    drawn.current = { seriesKey, layoutKey, lengths: series.map((s) => s.x.length) };
  });

  useEffect(() => {
    const div = el.current;
    return () => {
      if (plotly && div) plotly.purge(div);
    };
  }, [plotly]);

  const download = (format: 'png' | 'svg') => {
    if (plotly && el.current) {
      void plotly.downloadImage(el.current, { format, filename: props.filename, width: el.current.clientWidth, height: 320 });
    }
  };

  return (
    <figure className="chart" data-testid={props.testId}>
      <div ref={el} className="chart-plot" />
      {!plotly && <div className="chart-placeholder">{loadError ? `chart failed to load: ${loadError}` : 'loading chart…'}</div>}
      <figcaption className="chart-downloads">
        <button type="button" className="link" disabled={!plotly} onClick={() => download('png')}>PNG</button>
        <button type="button" className="link" disabled={!plotly} onClick={() => download('svg')} data-testid={`${props.testId}-svg`}>SVG</button>
      </figcaption>
    </figure>
  );
}
