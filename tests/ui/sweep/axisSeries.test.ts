import { describe, expect, it } from 'vitest';
import type { AgainstNull, SweepRow } from '../../../src/core/sweep/results.ts';
import { axisSeries, chartMetricsFor, settingFields } from '../../../src/ui/sweep/axisSeries.ts';

const none: AgainstNull = { mean: null, std: null, null: null, nullMean: null, excess: null };
const row = (setting: SweepRow['setting'], pwmcc: number | null, std: number, nullMean: number | null, fvu = 0.1): SweepRow => ({
  id: Object.entries(setting).map(([k, v]) => `${k}-${v}`).join('_'), setting, seeds: 3,
  fvu: { mean: fvu, std: 0.01 }, l0: { mean: 4, std: 0 }, deadFraction: { mean: 0, std: 0 },
  pwmccMax: pwmcc === null ? none : { mean: pwmcc, std, null: 'rotation', nullMean, excess: nullMean === null ? null : pwmcc - nullMean },
  pwmccOneToOne: none, sharedFraction: none, verdict: null, fourierShare: { mean: 0.2, std: null },
  stableFourier: null, stableFourierShare: null, wallSeconds: 1,
});

describe('the sweep chart series', () => {
  // A 2 × 2 grid given out of order, one point not finished (no stability yet).
  const rows = [
    row({ 'saes.k': 8, 'saes.expansion': 2 }, 0.6, 0.05, 0.4),
    row({ 'saes.k': 4, 'saes.expansion': 2 }, 0.5, 0.1, 0.45),
    row({ 'saes.k': 4, 'saes.expansion': 4 }, 0.7, 0, 0.3),
    row({ 'saes.k': 8, 'saes.expansion': 4 }, null, 0, null),
  ];

  it('draws one line per value of the other axis, x sorted, band = mean ± std, the strongest null beside it', () => {
    const { series, omitted } = axisSeries(rows, 'pwmccMax', 'saes.k');
    expect(omitted).toBe(0);
    expect(series.map((s) => s.name)).toEqual(['saes.expansion=2', 'saes.expansion=4']);
    const [two, four] = series;
    expect(two.x).toEqual([4, 8]);
    expect(two.mean).toEqual([0.5, 0.6]);
    expect(two.lower[0]).toBeCloseTo(0.4);
    expect(two.upper[0]).toBeCloseTo(0.6);
    expect(two.lower[1]).toBeCloseTo(0.55);
    expect(two.upper[1]).toBeCloseTo(0.65);
    expect(two.nullMean).toEqual([0.45, 0.4]);
    expect(two.nullName).toEqual(['rotation', 'rotation']);
    // The unfinished cell is left out, not drawn at 0.
    expect(four.x).toEqual([4]);
    expect(four.mean).toEqual([0.7]);
  });

  it('has no null line for metrics without one, and reads a missing std as no band', () => {
    const [s] = axisSeries(rows, 'fourierShare', 'saes.expansion').series;
    expect(s.nullMean).toBeNull();
    expect(s.name).toBe('saes.k=4');
    expect(s.lower).toEqual(s.mean);
    expect(s.upper).toEqual(s.mean);
  });

  it('gives one line for a single axis, and caps the lines over many configurations', () => {
    const one = [row({ 'saes.lr': 0.001 }, 0.5, 0, 0.4, 0.2), row({ 'saes.lr': 0.0001 }, 0.4, 0, 0.4, 0.3)];
    const { series } = axisSeries(one, 'fvu', 'saes.lr');
    expect(series).toHaveLength(1);
    expect(series[0]).toMatchObject({ name: 'all configurations', x: [0.0001, 0.001], mean: [0.3, 0.2] });
    const many = [1, 2, 3, 4, 5].flatMap((seed) => [4, 8].map((k) => row({ 'saes.k': k, 'transformer.seed': seed, 'saes.lr': 0.001 }, 0.5, 0, 0.4)));
    const capped = axisSeries(many, 'pwmccMax', 'saes.k', 3);
    expect(capped.series).toHaveLength(3);
    expect(capped.omitted).toBe(2);
    expect(capped.series[0].name).toBe('transformer.seed=1, saes.lr=0.001');
    expect(settingFields(many)).toEqual(['saes.k', 'transformer.seed', 'saes.lr']);
  });

  it('draws string axes in their sorted order', () => {
    const arch = [row({ 'saes.architecture': 'topk' }, 0.5, 0, 0.4), row({ 'saes.architecture': 'relu' }, 0.3, 0, 0.4)];
    expect(axisSeries(arch, 'pwmccMax', 'saes.architecture').series[0].x).toEqual(['relu', 'topk']);
  });
});

describe('the sweep chart of a stabiliser sweep', () => {
  const stabilised = (method: string, gainOverPlain: number | null, fvuPrice: number): SweepRow => ({
    ...row({ 'stabilise.method': method }, 0.5, 0.05, 0.4),
    stabiliser: { arm: method, gainOverPlain, gainOverSharedInit: 0.01, gainOver: 'plain', margin: 0.02, credited: false, fvuPrice },
  });

  it('offers the gains only when some row compares a method with plain training', () => {
    const plain = [row({ 'saes.k': 4 }, 0.5, 0, 0.4)];
    expect(chartMetricsFor(plain).map((m) => m.key)).not.toContain('gainOverPlain');
    expect(chartMetricsFor([...plain, stabilised('tiedInit', 0.1, 0)]).map((m) => m.key)).toEqual(
      expect.arrayContaining(['gainOverPlain', 'gainOverSharedInit', 'fvuPrice']));
  });

  it('draws each configuration\'s gain as one number (no band, no null), leaving out a missing gain', () => {
    const rows = [stabilised('tiedInit', 0.12, 0.03), stabilised('dataInit', -0.04, -0.01), stabilised('consistency', null, 0.02)];
    const [s] = axisSeries(rows, 'gainOverPlain', 'stabilise.method').series;
    expect(s.x).toEqual(['dataInit', 'tiedInit']);
    expect(s.mean).toEqual([-0.04, 0.12]);
    expect(s.lower).toEqual(s.mean);
    expect(s.upper).toEqual(s.mean);
    expect(s.nullMean).toBeNull();
    expect(axisSeries(rows, 'fvuPrice', 'stabilise.method').series[0].mean).toEqual([0.02, -0.01, 0.03]);
  });
});
