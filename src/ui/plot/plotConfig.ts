/**
 * The look and the downloads every chart shares (Chart.tsx's live curves and Figure.tsx's heatmaps and bars).
 * Every download, from the caption's buttons or from Plotly's mode bar, first draws what the chart still owes
 * (`flush`), since a chart's redraws are throttled and off-screen charts wait (redrawQueue.ts).
 * A chart keeps one config object for its life: Plotly.react compares configs, and a changed one (new closures
 * count) makes it rebuild the whole plot as Plotly.newPlot does, several times the cost of a redraw.
 */
import type { Config, DownloadImgopts, Layout } from 'plotly.js';
import type { PlotlyApi } from './loadPlotly.ts';

export const PLOT_FONT = { family: 'Inter, system-ui, -apple-system, "Segoe UI", sans-serif', size: 13, color: '#1f2937' };

export function baseLayout(height: number): Partial<Layout> {
  return {
    font: PLOT_FONT,
    height,
    margin: { l: 64, r: 16, t: 30, b: 48 },
    paper_bgcolor: 'rgba(0,0,0,0)',
    plot_bgcolor: '#ffffff',
    // Top left: the mode bar appears at the top right on hover and would cover a legend there.
    legend: { orientation: 'h', x: 0, xanchor: 'left', y: 1.02, yanchor: 'bottom' },
  };
}

export interface PlotDownload {
  /** File name without extension. */
  filename: string;
  height: number;
  /** Draws any pending update so the file holds the chart's newest data. */
  flush: () => void;
}

export function downloadPlot(plotly: PlotlyApi, gd: HTMLElement, format: 'png' | 'svg', d: PlotDownload): void {
  d.flush();
  // PNGs at twice the size on screen, as Plotly's own camera button made them (downloadImage takes a scale).
  const opts: DownloadImgopts & { scale: number } = { format, filename: d.filename, width: gd.clientWidth, height: d.height, scale: format === 'png' ? 2 : 1 };
  void plotly.downloadImage(gd, opts);
}

/**
 * Mode-bar buttons that send the chart elsewhere: plotly.js 4 shows "Share chart…" (`sendChartToCloud`, an upload
 * to Plotly's cloud) by default; older names of the same. This lab uploads nothing: none of them is ever shown.
 */
export const SENDING_BUTTONS = ['sendChartToCloud', 'sendDataToCloud', 'editInChartStudio'] as const;

/** `download` is read when a button is clicked, so the config can stay the same while the file name changes. */
export function plotConfig(plotly: PlotlyApi, download: () => PlotDownload): Partial<Config> {
  return {
    responsive: true,
    displaylogo: false,
    displayModeBar: 'hover',
    // Nothing leaves the page: no cloud button, no server to send to, no "edit in Chart Studio" link.
    showSendToCloud: false,
    showEditInChartStudio: false,
    showLink: false,
    plotlyServerURL: '',
    modeBarButtonsToRemove: ['select2d', 'lasso2d', 'toImage', ...SENDING_BUTTONS] as Config['modeBarButtonsToRemove'],
    modeBarButtonsToAdd: [
      { name: 'downloadPng', title: 'Download plot as PNG', icon: plotly.Icons.camera, click: (gd) => downloadPlot(plotly, gd, 'png', download()) },
      { name: 'downloadSvg', title: 'Download plot as SVG', icon: plotly.Icons.disk, click: (gd) => downloadPlot(plotly, gd, 'svg', download()) },
    ],
  };
}
