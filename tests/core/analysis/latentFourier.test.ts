import { describe, expect, it } from 'vitest';
import { flawedPlanFourierOverlap, latentFourierShare } from '../../../src/core/analysis/latentFourier.ts';
import { fourierBasis } from '../../../src/core/analysis/fourier.ts';
import { FOURIER_UNIT_THRESHOLD, unitSpectra } from '../../../src/core/analysis/fourierUnits.ts';
import { randomUnitDictionary } from '../../../src/core/analysis/randomBaseline.ts';
import { analyzeSaeFeatures } from '../../../src/core/experiment/analyze.ts';
import { saeLatentFourier } from '../../../src/core/experiment/latents.ts';
import { Rng } from '../../../src/core/rng.ts';
import type { SaeWeights } from '../../../src/core/sae/init.ts';
import { type SaeSpec, saePresets, validateSaes } from '../../../src/core/spec/sae.ts';
import { useBackend } from '../../helpers/backend.ts';

const p = 23;
const P = p * p;
const w = (k: number) => (2 * Math.PI * k) / p;

/** Units over the grid [n, p²] from functions of (a, b). */
function grid(fs: ((a: number, b: number) => number)[]): Float32Array {
  const out = new Float32Array(fs.length * P);
  fs.forEach((f, i) => {
    for (let g = 0; g < P; g++) out[i * P + g] = f(Math.floor(g / p), g % p);
  });
  return out;
}

const relu = (xs: Float32Array) => xs.map((x) => Math.max(0, x));
/** max(0, cos θ) = 1/π + cos θ / 2 + (2 / 3π) cos 2θ − …: the share of its centred energy at k. */
const HALF_WAVE_FRACTION = 0.125 / (0.25 - 1 / Math.PI ** 2);

describe('latentFourierShare (the test on arrays: pre-activation judged, activation decides liveness)', () => {
  it('counts live latents whose pre-activation is one frequency, with their frequencies and key alignment', () => {
    const rng = new Rng(9);
    const pre = grid([
      (a, b) => Math.cos(w(3) * (a + b) + 0.4), // rectified below: a half wave of frequency 3
      (a, b) => Math.sin(w(3) * a + 1), // a wave in a alone (frequency 3 too)
      (a, b) => 0.5 + Math.cos(w(5) * (a - b)),
      (a, b) => Math.cos(w(2) * (a + b)) + Math.cos(w(7) * (a + b)), // two frequencies, equally
      () => rng.normal(), // noise
      () => -1, // dead: never fires
      () => 2, // fires on every input with the same value: constant, not a feature
    ]);
    const { test, share } = latentFourierShare({ pre, activation: relu(pre) }, 7, p, [3, 9]);
    expect([...test.live]).toEqual([1, 1, 1, 1, 1, 0, 0]);
    expect([...test.frequency]).toEqual([3, 3, 5, 0, 0, 0, 0]);
    expect(test.pre.dominantFraction[0]).toBeGreaterThan(0.999);
    expect(test.pre.dominantFraction[3]).toBeCloseTo(0.5, 5);
    expect(share.nLive).toBe(5);
    expect(share.nFourier).toBe(3);
    expect(share.share).toBeCloseTo(0.6, 12);
    expect(share.frequencies).toEqual([3, 5]);
    expect(share.countsByFrequency[3]).toBe(2);
    expect(share.onKeyFrequencies).toBe(2);
    expect(share.keyAlignedShare).toBeCloseTo(2 / 3, 12);
    expect(share.keyCovered).toEqual([3]);
    expect(share.keyMissing).toEqual([9]);
  });

  it('passes a half-wave rectified wave that the same 0.85 on its activation rejects (0.84 at k, the rest at 2k, 3k…)', () => {
    const pre = grid([(a, b) => Math.cos(w(3) * (a + b))]);
    const onActivation = unitSpectra(relu(pre), 1, p);
    expect(onActivation.dominant[0]).toBe(3);
    expect(Math.abs(onActivation.dominantFraction[0] - HALF_WAVE_FRACTION)).toBeLessThan(0.005);
    expect(onActivation.dominantFraction[0]).toBeLessThan(FOURIER_UNIT_THRESHOLD);
    expect([...latentFourierShare({ pre, activation: relu(pre) }, 1, p, [3]).test.frequency]).toEqual([3]);
  });

  it('finds no Fourier latents in a random SAE (ReLU of random projections of random inputs)', () => {
    const pre = new Rng(10).normals(40 * P).map((x) => x - 0.5);
    const { share } = latentFourierShare({ pre, activation: relu(pre) }, 40, p, [3]);
    expect(share.nLive).toBe(40);
    expect(share.nFourier).toBe(0);
  });
});

/**
 * A planted activation grid [p², d] read by hand-built SAEs, through the functions the SAE analysis uses
 * (saeLatentFourier, analyzeSaeFeatures): x0, x1 = cos, sin of frequency 3 in a + b; x2, x3 = cos, sin of frequency 7;
 * x4..x7 = Gaussian noise.
 */
describe('the Fourier test on SAE weights (what the SAE analysis runs)', () => {
  const d = 8;
  const k = 3;
  const phase = 0.7;
  const rng = new Rng(12);
  const acts = new Float32Array(P * d); // [p², d], row-major (a, b)
  for (let g = 0; g < P; g++) {
    const s = Math.floor(g / p) + (g % p);
    acts.set([Math.cos(w(k) * s), Math.sin(w(k) * s), Math.cos(w(7) * s), Math.sin(w(7) * s), ...rng.normals(4)], g * d);
  }
  const randomRow = [0, 0, 0, 0, ...rng.normals(4)];
  /** An SAE whose latent i has encoder row rows[i] and bias biases[i] (b_dec = 0; decoder = encoder, unused here). */
  function sae(rows: number[][], biases: number[]): SaeWeights {
    const n = rows.length;
    const W_enc = new Float32Array(d * n);
    rows.forEach((row, i) => row.forEach((v, c) => (W_enc[c * n + i] = v)));
    const W_dec = Float32Array.from({ length: n * d }, (_, j) => rows[Math.floor(j / d)][j % d]);
    return { dIn: d, dSae: n, W_enc, b_enc: Float32Array.from(biases), W_dec, b_dec: new Float32Array(d) };
  }
  const wave = [Math.cos(phase), -Math.sin(phase), 0, 0, 0, 0, 0, 0]; // encoder row over x0..x7: pre-activation cos(2πk(a+b)/p + φ)
  const mixed = [1, 0, 1, 0, 0, 0, 0, 0]; // cos(frequency 3) + cos(frequency 7)
  const reluSpec: SaeSpec = { ...saePresets.tiny, architecture: 'relu', seeds: [1, 2] };
  const reluSae = sae([wave, mixed, randomRow, new Array(d).fill(0)], [0, 0, 0, -1]);

  it('counts ReLU(cos(2πk(a+b)/p + φ)) as frequency k; a two-frequency mix, a random latent and a dead one not', async () => {
    await useBackend('cpu');
    const { test, z } = await saeLatentFourier(reluSae, reluSpec, acts, p);
    for (let g = 0; g < P; g++) expect(z[g]).toBeCloseTo(Math.max(0, acts[g * d] * Math.cos(phase) - acts[g * d + 1] * Math.sin(phase)), 5);
    expect([...test.live]).toEqual([1, 1, 1, 0]);
    expect([...test.frequency]).toEqual([k, 0, 0, 0]);
    expect(test.pre.dominantFraction[1]).toBeCloseTo(0.5, 4);
    // The activation alone would fail the 0.85 threshold: the half wave keeps 0.84 at k.
    expect(unitSpectra(z.subarray(0, P), 1, p).dominantFraction[0]).toBeLessThan(FOURIER_UNIT_THRESHOLD);
  });

  it('counts a TopK-gated wave (it fires only on the band where it beats a rival) as frequency k', async () => {
    await useBackend('cpu');
    const topkSpec = validateSaes({ ...reluSpec, architecture: 'topk', k: 1 });
    // Latent 1 reads nothing and sits at 0.5: latent 0 wins (and fires) only where cos(θ + φ) > 0.5, a third of the period.
    const { test, z } = await saeLatentFourier(sae([wave, new Array(d).fill(0)], [0, 0.5]), topkSpec, acts, p);
    const fired = z.subarray(0, P).reduce((s, x) => s + (x > 0 ? 1 : 0), 0);
    expect(fired / P).toBeGreaterThan(0.25);
    expect(fired / P).toBeLessThan(0.4);
    expect([...test.live]).toEqual([1, 1]);
    expect([...test.frequency]).toEqual([k, 0]); // the rival varies (it loses on the band) but reads no frequency
    expect(unitSpectra(z.subarray(0, P), 1, p).dominantFraction[0]).toBeLessThan(0.75); // the gated activation spreads over harmonics
  });

  it("gives analyzeSaeFeatures' per-SAE shares and the stable × Fourier table from the same test", async () => {
    await useBackend('cpu');
    const random = sae([randomRow, [0, 0, 0, 0, ...rng.normals(4)], [0, 0, 0, 0, ...rng.normals(4)], [...rng.normals(d)]], [0, 0, 0, 0]);
    const report = await analyzeSaeFeatures([reluSae, reluSae], [random, random], reluSpec, { data: acts, rows: P, cols: d }, p, [k]);
    for (const row of report.saes) expect(row).toMatchObject({ nLive: 3, nFourier: 1, frequencies: [k], keyAlignedShare: 1 });
    expect(report.saes[0].share).toBeCloseTo(1 / 3, 12);
    expect(report.initialSaes.map((r) => r.nFourier)).toEqual([0, 0]);
    const pooled = report.stableFourier!.trained.pooled; // identical decoders: every latent is stable
    expect([pooled.stableFourier, pooled.stableOther, pooled.notLive]).toEqual([2, 4, 2]);
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
