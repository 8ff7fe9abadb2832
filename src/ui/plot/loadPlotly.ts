/**
 * Plotly is ~1 MB even as the cartesian bundle: it is fetched on first use (a separate chunk), so the notebook's
 * first paint does not wait for it. The module cache makes repeated calls free.
 */
export type PlotlyApi = typeof import('plotly.js');

export async function loadPlotly(): Promise<PlotlyApi> {
  const mod = await import('plotly.js-cartesian-dist-min');
  return mod.default;
}
