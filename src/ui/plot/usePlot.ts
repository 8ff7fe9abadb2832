/**
 * What Chart and Figure share: the lazily loaded Plotly, the plot's elements, its one config, its place in the
 * redraw queue and its downloads. `draw` draws the newest data into the plot div; it runs when the queue says so.
 */
import { type RefObject, useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import type { Config } from 'plotly.js';
import type { PlotlyApi } from './loadPlotly.ts';
import { downloadPlot, plotConfig } from './plotConfig.ts';
import { useModeBarOutOfTabOrder } from './modeBarFocus.ts';
import { usePlotly } from './usePlotly.ts';
import { useRedraw } from './useRedraw.ts';

export type DrawPlot = (plotly: PlotlyApi, div: HTMLDivElement, config: Partial<Config>) => void;

export interface Plot {
  figure: RefObject<HTMLElement | null>;
  el: RefObject<HTMLDivElement | null>;
  plotly: PlotlyApi | null;
  loadError: string | null;
  /** The data changed: redraw when the queue allows. */
  request: () => void;
  download: (format: 'png' | 'svg') => void;
  /** The download's file name, which also names the chart's download buttons for screen readers. */
  filename: string;
}

export function usePlot(draw: DrawPlot, filename: string, height: number): Plot {
  const figure = useRef<HTMLElement>(null);
  const el = useRef<HTMLDivElement>(null);
  const { plotly, loadError } = usePlotly();
  useModeBarOutOfTabOrder(el);
  const file = useRef({ filename, height });
  useLayoutEffect(() => {
    file.current = { filename, height };
  });

  const redraw = useRedraw(figure, () => {
    if (plotly && el.current && config) draw(plotly, el.current, config);
  });
  const config = useMemo(() => (plotly ? plotConfig(plotly, () => ({ ...file.current, flush: redraw.flush })) : null), [plotly, redraw]);

  useEffect(() => {
    if (config) redraw.request(); // Plotly has just loaded: the data asked for before can be drawn now
  }, [config, redraw]);

  useEffect(() => {
    const div = el.current;
    return () => {
      if (plotly && div) plotly.purge(div);
    };
  }, [plotly]);

  const download = (format: 'png' | 'svg') => {
    if (plotly && el.current) downloadPlot(plotly, el.current, format, { ...file.current, flush: redraw.flush });
  };

  return { figure, el, plotly, loadError, request: redraw.request, download, filename };
}
