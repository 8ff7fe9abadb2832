import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const UI = join(__dirname, '../../src/ui');
/** Drawings that are not charts, each with why. */
const NOT_CHARTS: Record<string, string> = {
  'features/Gallery.tsx': 'thumbnail buttons; each opens the latent in the explorer, whose heatmap is a Figure',
};

const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)])).filter((f) => f.endsWith('.tsx'));

describe('charts', () => {
  it('are all drawn by Chart or Figure, whose captions (PlotFrame) offer PNG and SVG downloads', () => {
    for (const f of ['plot/Chart.tsx', 'plot/Figure.tsx']) expect(readFileSync(join(UI, f), 'utf8'), f).toContain('<PlotFrame ');
    const frame = readFileSync(join(UI, 'plot/PlotFrame.tsx'), 'utf8');
    expect(frame).toContain("download('png')");
    expect(frame).toContain("download('svg')");
    for (const f of files(UI).filter((p) => !relative(UI, p).startsWith('plot') && !(relative(UI, p) in NOT_CHARTS))) {
      const src = readFileSync(f, 'utf8');
      expect(src, relative(UI, f)).not.toMatch(/plotly\.(react|newPlot|plot)\(|usePlotly|<canvas|<svg/); // no chart outside the two
    }
  });
});
