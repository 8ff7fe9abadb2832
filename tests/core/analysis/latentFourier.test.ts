import { describe, expect, it } from 'vitest';
import { flawedPlanFourierOverlap, latentFourierShare } from '../../../src/core/analysis/latentFourier.ts';
import { fourierBasis } from '../../../src/core/analysis/fourier.ts';
import { randomUnitDictionary } from '../../../src/core/analysis/randomBaseline.ts';
import { Rng } from '../../../src/core/rng.ts';

const p = 23;
const w = (k: number) => (2 * Math.PI * k) / p;

/** Latent activations [n, p²] from functions of (a, b). */
function latents(fs: ((a: number, b: number) => number)[]): Float32Array {
  const out = new Float32Array(fs.length * p * p);
  fs.forEach((f, i) => {
    for (let g = 0; g < p * p; g++) out[i * p * p + g] = f(Math.floor(g / p), g % p);
  });
  return out;
}

describe('latentFourierShare', () => {
  it('counts live Fourier latents, their frequencies and their alignment with the key frequencies', () => {
    const rng = new Rng(9);
    const acts = latents([
      (a, b) => Math.max(0, 0.9 + Math.cos(w(3) * (a + b))), // rectified only near the trough: fraction > 0.85
      (a, b) => 1 + Math.sin(w(3) * (a + b) + 1),
      (a, b) => 1 + Math.cos(w(5) * (a + b)),
      () => Math.max(0, rng.normal()), // noise
      () => 0, // dead
      () => 2, // constant: not a feature either
    ]);
    const { share, spectra } = latentFourierShare(acts, 6, p, [3, 9]);
    expect([...spectra.dominant.subarray(0, 3)]).toEqual([3, 3, 5]);
    expect(share.nLive).toBe(4);
    expect(share.nFourier).toBe(3);
    expect(share.share).toBeCloseTo(0.75, 12);
    expect(share.frequencies).toEqual([3, 5]);
    expect(share.countsByFrequency[3]).toBe(2);
    expect(share.onKeyFrequencies).toBe(2);
    expect(share.keyAlignedShare).toBeCloseTo(2 / 3, 12);
    expect(share.keyCovered).toEqual([3]);
    expect(share.keyMissing).toEqual([9]);
  });

  it('scores a half-wave rectified wave just under 0.85 (harmonic 2k takes the rest), as the analytic series says', () => {
    // max(0, cos θ) = 1/π + cos θ / 2 + (2 / 3π) cos 2θ - ...: fraction at k = (1/8) / (1/4 - 1/π²) = 0.8406.
    const { spectra, share } = latentFourierShare(latents([(a, b) => Math.max(0, Math.cos(w(3) * (a + b)))]), 1, p, [3]);
    expect(spectra.dominant[0]).toBe(3);
    expect(Math.abs(spectra.dominantFraction[0] - 0.125 / (0.25 - 1 / Math.PI ** 2))).toBeLessThan(0.005);
    expect(share.nFourier).toBe(0);
  });

  it('finds no Fourier latents in a random SAE (ReLU of random projections of random inputs)', () => {
    const rng = new Rng(10);
    const acts = rng.normals(40 * p * p).map((x) => Math.max(0, x - 0.5));
    const { share } = latentFourierShare(acts, 40, p, [3]);
    expect(share.nLive).toBe(40);
    expect(share.nFourier).toBe(0);
  });
});

describe('flawedPlanFourierOverlap (the plan metric, labelled flawed)', () => {
  it('is the best |cos| of the first p residual coordinates with a Fourier basis row', () => {
    const d = p + 5;
    const decoder = new Float32Array(2 * d);
    const F = fourierBasis(p).matrix;
    for (let x = 0; x < p; x++) decoder[x] = 3 * F[4 * p + x]; // latent 0: exactly basis row 'sin 2', scaled
    decoder[d + 0] = 1; // latent 1: the first coordinate axis
    const r = flawedPlanFourierOverlap(decoder, 2, d, p);
    expect(r.perLatent[0]).toBeCloseTo(1, 6);
    let best = 0;
    for (let row = 0; row < p; row++) best = Math.max(best, Math.abs(F[row * p]));
    expect(r.perLatent[1]).toBeCloseTo(best, 6);
  });

  it('scores random directions like the plan\'s "low overlap" (~0.3 at p = 113): it cannot tell features apart', () => {
    const n = 300;
    const r = flawedPlanFourierOverlap(randomUnitDictionary(new Rng(11), n, 128), n, 128, 113);
    expect(r.mean).toBeGreaterThan(0.2);
    expect(r.mean).toBeLessThan(0.4);
  });
});
