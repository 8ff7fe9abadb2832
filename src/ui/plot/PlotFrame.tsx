import type { ReactNode } from 'react';
import type { Plot } from './usePlot.ts';

/** A plot's frame: the div Plotly draws into, a placeholder until Plotly has loaded, and the download buttons. */
export function PlotFrame({ plot, testId, height, caption }: { plot: Plot; testId: string; height: number; caption?: ReactNode }) {
  const { plotly, loadError, download } = plot;
  return (
    <figure ref={plot.figure} className="chart" data-testid={testId}>
      <div ref={plot.el} className="chart-plot" style={{ minHeight: height }} />
      {!plotly && <div className="chart-placeholder">{loadError ? `chart failed to load: ${loadError}` : 'loading chart…'}</div>}
      <figcaption className="chart-downloads">
        {caption && <span className="chart-caption">{caption}</span>}
        <button type="button" className="link" disabled={!plotly} onClick={() => download('png')} aria-label={`Download ${plot.filename} as PNG`}>PNG</button>
        <button type="button" className="link" disabled={!plotly} onClick={() => download('svg')} data-testid={`${testId}-svg`} aria-label={`Download ${plot.filename} as SVG`}>SVG</button>
      </figcaption>
    </figure>
  );
}
