import { useEffect, useState } from 'react';
import { type PlotlyApi, loadPlotly } from './loadPlotly.ts';

/** Plotly once its lazy chunk has loaded (null until then), or the reason it could not load. */
export function usePlotly(): { plotly: PlotlyApi | null; loadError: string | null } {
  const [plotly, setPlotly] = useState<PlotlyApi | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    loadPlotly().then((p) => live && setPlotly(p), (e: Error) => live && setLoadError(e.message));
    return () => {
      live = false;
    };
  }, []);
  return { plotly, loadError };
}
