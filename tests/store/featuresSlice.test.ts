import { describe, expect, it } from 'vitest';
import { featuresExport, initialFeatures } from '../../src/store/featuresSlice.ts';
import type { FeatureDetail, FeaturesSummary } from '../../src/core/experiment/features.ts';

const row = (seed: number, share: number) => ({ seed, nLive: 10, nFourier: share * 10, share, frequencies: [3], keyAlignedShare: 1 });

const summary = {
  seeds: [1, 2], p: 5, nLatents: 4, keyFrequencies: [2], threshold: 0.85,
  trained: [row(1, 0.4), row(2, 0.3)], initial: [row(1, 0), row(2, 0.1)],
  flawedPlanOverlap: { trained: [0.31, 0.32], initial: [0.3, 0.31] },
  stableFourier: null,
  galleryByFiring: [[3, 1], [0, 2]], galleryByStability: [[1, 3], [2, 0]],
  thumbnails: [[{ latent: 3, pixels: new Uint8Array(25), frequency: 1 }], []],
  families: { total: 3, countBySeeds: [0, 0, 3], fourier: 1, orphans: 2 },
} satisfies FeaturesSummary;

const heatmap = Float32Array.from({ length: 25 }, (_, g) => g / 4);
const detail: FeatureDetail = {
  seed: 1, latent: 3, heatmap, spectrum: [0, 1, 0, 0, 0, 0, 0, 0, 0], fractions: [1, 0], dominant: 1, dominantFraction: 1,
  fourierFrequency: 1, activationDominant: 1, activationDominantFraction: 0.84,
  firingRate: 0.5, stability: 0.9, matches: [{ seed: 2, latent: 0, cos: 0.9, heatmap: heatmap.map((x) => 1 - x), spectrum: [0, 0, 0, 1, 0, 0, 0, 0, 0] }],
};

describe('featuresExport (the SAE features JSON)', () => {
  it('is null until the features are analysed', () => {
    expect(featuresExport(initialFeatures(), null, null)).toBeNull();
  });

  it('survives JSON with the shares beside the untrained ones, the flawed metric labelled, and the heatmaps as arrays', () => {
    const state = { ...initialFeatures(), summary, detail };
    const doc = JSON.parse(JSON.stringify(featuresExport(state, null, null)));
    expect(doc.kind).toBe('sae-stability-lab/features');
    expect(doc.fourierShares.trained.map((r: { share: number }) => r.share)).toEqual([0.4, 0.3]);
    expect(doc.fourierShares.untrained.map((r: { share: number }) => r.share)).toEqual([0, 0.1]);
    expect(doc.planFlawedOverlap).toMatchObject({ flawed: true, trained: [0.31, 0.32], initial: [0.3, 0.31] });
    expect(doc.planFlawedOverlap.reason).toMatch(/not token positions/);
    expect(doc.gallery).toEqual({ byFiringRate: [[3, 1], [0, 2]], byStability: [[1, 3], [2, 0]] });
    expect(doc.selectedLatent.heatmap).toEqual(Array.from(heatmap));
    expect(doc.selectedLatent.matches[0].heatmap).toEqual(Array.from(heatmap, (x) => 1 - x));
    expect(JSON.stringify(doc)).not.toContain('pixels'); // thumbnails are drawing data, not results
  });

  it('names a definition for every result it carries', () => {
    const doc = featuresExport({ ...initialFeatures(), summary, detail }, null, null) as Record<string, unknown>;
    const definitions = doc.definitions as Record<string, string>;
    for (const key of ['fourierShare', 'selectedLatent', 'untrained', 'galleryByFiring', 'galleryByStability', 'families', 'stableFourier', 'planFlawedOverlap']) {
      expect(definitions[key], key).toMatch(/\w{3}/);
    }
    expect(definitions.planFlawedOverlap).toMatch(/FLAWED/);
  });
});
