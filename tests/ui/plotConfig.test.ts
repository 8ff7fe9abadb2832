/// <reference path="../../src/ui/plot/plotly.d.ts" />
import { describe, expect, it } from 'vitest';
import type { PlotlyApi } from '../../src/ui/plot/loadPlotly.ts';
import { SENDING_BUTTONS, baseLayout, plotConfig } from '../../src/ui/plot/plotConfig.ts';

const plotly = { Icons: { camera: {}, disk: {} } } as unknown as PlotlyApi;
const download = () => ({ filename: 'f', height: 100, flush: () => {} });

describe('the shared chart config', () => {
  it('shows no mode-bar button that sends the chart anywhere, and names no server to send to', () => {
    const config = plotConfig(plotly, download);
    expect(config.showSendToCloud).toBe(false);
    expect(config.showEditInChartStudio).toBe(false);
    expect(config.showLink).toBe(false);
    expect(config.plotlyServerURL).toBe('');
    expect(config.modeBarButtonsToRemove).toEqual(expect.arrayContaining(['sendChartToCloud', ...SENDING_BUTTONS]));
    expect(config.modeBarButtonsToAdd?.map((b) => (typeof b === 'string' ? b : b.name))).toEqual(['downloadPng', 'downloadSvg']);
  });

  it('puts the legend at the top left, away from the mode bar (top right on hover)', () => {
    expect(baseLayout(300).legend).toMatchObject({ x: 0, xanchor: 'left' });
  });
});
