import { describe, expect, it } from 'vitest';
import type { UnitSpectra } from '../../../src/core/analysis/fourierUnits.ts';
import type { LatentFourier } from '../../../src/core/analysis/latentFourier.ts';
import { crossTab, stableFourierAnswer, stableFourierReport, stableFourierTable } from '../../../src/core/analysis/stableFourier.ts';
import { type LatentStability, latentStability } from '../../../src/core/analysis/stability.ts';
import { fisherExactP } from '../../../src/core/analysis/stats.ts';

/** Cells of one seed: stable & Fourier, stable & not, unstable & Fourier, unstable & not, then dead stable/unstable. */
type Cells = [number, number, number, number, number?, number?];

/** A latent Fourier test with the given liveness and Fourier frequencies (0: not Fourier). */
const fourierOf = (live: number[], frequency: number[], pre: UnitSpectra): LatentFourier =>
  ({ nUnits: live.length, live: Uint8Array.from(live), frequency: Int32Array.from(frequency), pre, threshold: 0.85 });

/** Hand-built Fourier tests and stable flags with the given cell counts (dead latents: not live). */
function seedOf([sf, so, uf, uo, deadStable = 0, deadUnstable = 0]: Cells): { stable: Uint8Array; fourier: LatentFourier } {
  const kinds = [
    ...Array<string>(sf).fill('SF'), ...Array<string>(so).fill('SO'), ...Array<string>(uf).fill('UF'), ...Array<string>(uo).fill('UO'),
    ...Array<string>(deadStable).fill('SD'), ...Array<string>(deadUnstable).fill('UD'),
  ];
  const n = kinds.length;
  const pre: UnitSpectra = {
    p: 7, nUnits: n, nFreq: 3, fractions: new Float32Array(n * 3), energy: new Float32Array(n),
    dominant: new Int32Array(n), dominantFraction: new Float32Array(n),
  };
  const fourier = fourierOf(kinds.map((k) => (k.endsWith('D') ? 0 : 1)), kinds.map((k) => (k.endsWith('F') ? 2 : 0)), pre);
  return { stable: Uint8Array.from(kinds, (k) => (k.startsWith('S') ? 1 : 0)), fourier };
}

function tableOf(cells: Cells[]) {
  const seeds = cells.map(seedOf);
  const latents = { stable: seeds.map((s) => s.stable), threshold: seeds.map(() => 0.4) } as unknown as LatentStability;
  return { latents, fourier: seeds.map((s) => s.fourier), table: stableFourierTable(cells.map((_, i) => 10 + i), latents, seeds.map((s) => s.fourier)) };
}

describe('crossTab (stable / unstable × Fourier / not, one seed)', () => {
  it('counts the live latents into the four cells, dead ones apart, with shares, expectation and Fisher p', () => {
    const { stable, fourier } = seedOf([6, 2, 1, 11, 3, 4]);
    const t = crossTab(stable, fourier);
    expect([t.stableFourier, t.stableOther, t.unstableFourier, t.unstableOther]).toEqual([6, 2, 1, 11]);
    expect([t.notLive, t.notLiveStable]).toEqual([7, 3]);
    expect(t.fourierShareOfStable).toBeCloseTo(6 / 8, 12);
    expect(t.fourierShareOfUnstable).toBeCloseTo(1 / 12, 12);
    expect(t.stableShareOfFourier).toBeCloseTo(6 / 7, 12);
    expect(t.expectedIfUnrelated).toBeCloseTo((8 * 7) / 20, 12);
    expect(t.fisherP).toBeCloseTo(fisherExactP(6, 2, 1, 11), 12);
  });

  it('takes its stable flags from latentStability (matched above chance in every other seed)', () => {
    // Seed 0 against seeds 1 and 2, threshold 0.5: latent 0 matched in both, latent 1 in one only, latent 2 in none.
    const m = (cos: number[]) => ({ index: new Int32Array(cos.length), cos: Float32Array.from(cos) });
    const filler = m([0.9, 0.9, 0.9]);
    const latents = latentStability([[null, m([0.9, 0.6, 0.2]), m([0.8, 0.3, 0.45])], [filler, null, filler], [filler, filler, null]], [0.5, 0.5, 0.5], 2);
    const fourier = seedOf([0, 0, 0, 3]).fourier;
    fourier.frequency.set([3, 1, 0]); // latents 0 and 1 are Fourier, 2 is not
    const t = crossTab(latents.stable[0], fourier);
    expect([t.stableFourier, t.stableOther, t.unstableFourier, t.unstableOther]).toEqual([1, 0, 1, 1]);
  });
});

describe('stableFourierTable and its answer in words', () => {
  it('pools the cells over the seeds and recomputes the shares from the sums', () => {
    const { table } = tableOf([[3, 1, 0, 6], [5, 5, 2, 8, 1]]);
    const p = table.pooled;
    expect([p.stableFourier, p.stableOther, p.unstableFourier, p.unstableOther, p.notLive, p.notLiveStable]).toEqual([8, 6, 2, 14, 1, 1]);
    expect(p.fourierShareOfStable).toBeCloseTo(8 / 14, 12);
    expect(p.expectedIfUnrelated).toBeCloseTo((14 * 10) / 30, 12);
    expect(table.seeds).toEqual([10, 11]);
  });

  const kinds: [string, Cells[], RegExp][] = [
    ['stable-are-fourier', [[9, 1, 0, 10], [8, 2, 1, 9], [9, 1, 0, 10]], /^Yes: 87% of the 30 stable latents are Fourier features against 3% of the 30 unstable ones \(pooled over 3 seeds; Fisher p < 0.01 in 3 of 3\)/],
    ['stable-more-fourier', [[8, 12, 0, 40], [8, 12, 0, 40]], /^Partly: .*40% of the 40 stable latents are Fourier features against 0% of the 80 unstable ones/],
    ['stable-less-fourier', [[0, 20, 15, 25], [0, 20, 15, 25]], /^No, rather the opposite: 0% of the 40 stable latents/],
    ['unrelated', [[2, 3, 4, 6], [2, 3, 4, 6]], /^No clear link: 40% of the 10 stable latents .* Fisher p < 0.01 in 0 of 2/],
    ['no-fourier', [[0, 5, 0, 5], [0, 4, 0, 6, 2]], /^No: none of the 20 live latents \(2 seeds\) is a Fourier feature, stable or not; 9 of them are stable/],
    ['no-stable', [[0, 0, 3, 7], [0, 0, 1, 9]], /^No latent is stable across all 2 seeds, so none of the 4 Fourier latents is a stable one/],
    ['all-stable', [[3, 7, 0, 0], [5, 5, 0, 0]], /^Every live latent is stable, so stability does not single out the Fourier ones: 40% of them are Fourier features/],
  ];
  for (const [kind, cells, sentence] of kinds) {
    it(`answers "${kind}" for ${JSON.stringify(cells)}`, () => {
      const answer = stableFourierAnswer(tableOf(cells).table, null);
      expect(answer.kind).toBe(kind);
      expect(answer.sentence).toMatch(sentence);
    });
  }

  it('names the untrained SAEs beside the answer, and the report carries both tables and the chance level', () => {
    const trained = tableOf([[9, 1, 0, 10], [9, 1, 0, 10]]);
    const initial = tableOf([[0, 0, 0, 19, 0, 1], [0, 1, 0, 19]]);
    const report = stableFourierReport([10, 11], trained, initial);
    expect(report.answer.sentence).toMatch(/Untrained SAEs: 1 stable and 0 Fourier of 39 live latents\.$/);
    expect(report.initial?.pooled.unstableOther).toBe(38);
    expect(report.chanceThreshold).toBe(0.4);
    expect(report.fourierThreshold).toBe(0.85);
    expect(Object.keys(report.definitions)).toEqual(['stable', 'fourier', 'test']);
  });
});
