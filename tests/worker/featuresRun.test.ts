import { describe, expect, it } from 'vitest';
import type { SaeWeights } from '../../src/core/sae/init.ts';
import { type SaeSpec, saePresets } from '../../src/core/spec/sae.ts';
import { FeaturesAnalysis } from '../../src/worker/featuresRun.ts';
import { useBackend } from '../helpers/backend.ts';

const p = 7;
const d = 8;
const P = p * p;
const tau = 2 * Math.PI;
const spec: SaeSpec = { ...saePresets.tiny, architecture: 'relu', seeds: [1, 2] } as SaeSpec;

/**
 * Inputs over the p × p grid with hand-built coordinates: x0 = 1 + cos(2π(a+b)/p) (a frequency-1 wave, positive so
 * ReLU keeps all of it), x1 = 1 + cos(2π·2a/p) (frequency 2), x2 = 1 + [a = b] (a spike pattern, not a wave),
 * x3.. = 1 + (a·b mod p)/p. Latent i of an "identity" SAE reads coordinate order[i].
 */
const acts = new Float32Array(P * d);
for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) {
  const row = (a * p + b) * d;
  acts[row] = 1 + Math.cos((tau * (a + b)) / p);
  acts[row + 1] = 1 + Math.cos((tau * 2 * a) / p);
  acts[row + 2] = 1 + (a === b ? 1 : 0);
  for (let k = 3; k < d; k++) acts[row + k] = 1 + ((a * b * k) % p) / p;
}

/** Latent i reads coordinate order[i] (W_enc = W_decᵀ = permutation); the latent reading `dead` never fires. */
function sae(order: number[], dead: number): SaeWeights {
  const W_dec = new Float32Array(d * d);
  order.forEach((c, i) => (W_dec[i * d + c] = 1));
  const W_enc = new Float32Array(d * d);
  order.forEach((c, i) => (W_enc[c * d + i] = c === dead ? 0 : 1));
  const b_enc = Float32Array.from(order, (c) => (c === dead ? -1 : 0));
  return { dIn: d, dSae: d, W_dec, W_enc, b_enc, b_dec: new Float32Array(d) };
}

describe('FeaturesAnalysis (the SAE features section in the worker)', () => {
  const first = [0, 1, 2, 3, 4, 5, 6, 7];
  const second = [5, 2, 7, 0, 6, 1, 3, 4]; // the same features in another order
  const compute = (keys: number[]) =>
    FeaturesAnalysis.compute(spec, p, keys, { data: acts, rows: P, cols: d }, [sae(first, 7), sae(second, 7)], [sae(first, 0), sae(second, 0)]);

  it('counts the planted frequency-1 and frequency-2 latents as Fourier units of the live ones', async () => {
    await useBackend('cpu');
    const { summary } = await compute([1]);
    for (const row of summary.trained) {
      expect(row.nLive).toBe(7); // coordinate 7 is dead
      expect(row.nFourier).toBe(2);
      expect(row.frequencies).toEqual([1, 2]);
      expect(row.keyAlignedShare).toBeCloseTo(0.5, 6); // frequency 1 is key, 2 is not
    }
    // the "untrained" SAEs here have coordinate 0 dead instead: only the frequency-2 latent is left
    expect(summary.initial.map((r) => r.nFourier)).toEqual([1, 1]);
    expect(summary.initial[0].keyAlignedShare).toBe(0);
  });

  it('shows a latent as its activation over the grid, with its frequency and its match in the other seed', async () => {
    await useBackend('cpu');
    const analysis = await compute([1]);
    const detail = analysis.detail(0, 0);
    for (let g = 0; g < P; g++) expect(detail.heatmap[g]).toBeCloseTo(acts[g * d], 5);
    expect(detail.dominant).toBe(1);
    expect(detail.dominantFraction).toBeGreaterThan(0.999);
    expect(detail.firingRate).toBe(1);
    expect(detail.matches).toHaveLength(1);
    expect(detail.matches[0].seed).toBe(2);
    expect(detail.matches[0].latent).toBe(second.indexOf(0));
    expect(detail.matches[0].cos).toBeCloseTo(1, 5);
    expect(Array.from(detail.matches[0].heatmap)).toEqual(Array.from(detail.heatmap));
    expect(analysis.detail(0, first.indexOf(7)).firingRate).toBe(0);
  });

  it('ranks the dead latent last by firing rate and groups the matched latents into two-seed families', async () => {
    await useBackend('cpu');
    const { summary } = await compute([1]);
    expect(summary.galleryByFiring[1].at(-1)).toBe(second.indexOf(7));
    expect(summary.families?.total).toBe(d);
    expect(summary.families?.countBySeeds[2]).toBe(d);
    expect(summary.families?.fourier).toBe(2);
    expect(summary.families?.orphans).toBe(0);
  });
});
