import { describe, expect, it } from 'vitest';
import * as tf from '../../../src/core/tf.ts';
import { bestMatchThreshold } from '../../../src/core/analysis/randomBaseline.ts';
import { pairwiseStability } from '../../../src/core/analysis/stability.ts';
import type { SaeWeights } from '../../../src/core/sae/init.ts';
import { type SaeSpec, saePresets } from '../../../src/core/spec/sae.ts';
import { FeaturesAnalysis, GALLERY_SIZE, thumbnailPixels } from '../../../src/core/experiment/features.ts';
import { toDictionary } from '../../../src/core/experiment/dictionary.ts';
import { featuresReport } from '../../../src/core/experiment/featuresReport.ts';
import { decodeBase64 } from '../../../src/core/io/base64.ts';
import { useBackend } from '../../helpers/backend.ts';

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
    expect(detail.fourierFrequency).toBe(1); // the test, on the pre-activation (= the activation here: all positive)
    expect(detail.activationDominant).toBe(1);
    expect(analysis.detail(0, 2).fourierFrequency).toBe(0); // the spike pattern a = b is no wave
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

  it("shows a latent's 2-D spectrum as frequency blocks: a wave in a + b in block (1, 1), a wave in a alone in (2, const)", async () => {
    await useBackend('cpu');
    const analysis = await compute([1]);
    const blocks = (p - 1) / 2 + 1; // const, k = 1..3
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const wave = analysis.detail(0, 0).spectrum; // 1 + cos(2π(a + b)/p): cos a cos b − sin a sin b, all in block (1, 1)
    expect(wave).toHaveLength(blocks * blocks);
    expect(wave[1 * blocks + 1]).toBeCloseTo(1, 5);
    expect(sum(wave)).toBeCloseTo(1, 5);
    expect(analysis.detail(0, 1).spectrum[2 * blocks + 0]).toBeCloseTo(1, 5); // 1 + cos(2π·2a/p): rows are a
    const match = analysis.detail(0, 1).matches[0]; // the same feature in the other seed has the same spectrum
    expect(match.spectrum[2 * blocks]).toBeCloseTo(1, 5);
    expect(analysis.detail(0, first.indexOf(7)).spectrum.every((x) => x === 0)).toBe(true); // a dead latent has none
  });

  it('sends a byte thumbnail of every gallery latent, scaled between its own min and max', async () => {
    await useBackend('cpu');
    const analysis = await compute([1]);
    const { summary } = analysis;
    expect(GALLERY_SIZE).toBeGreaterThanOrEqual(d); // all 8 latents are in the gallery here
    for (let s = 0; s < 2; s++) expect(summary.thumbnails[s].map((t) => t.latent).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    const labels = new Map(summary.thumbnails[0].map((t) => [t.latent, t.frequency])); // the gallery's Fourier labels
    expect([0, 1, 2, 7].map((l) => labels.get(l))).toEqual([1, 2, 0, 0]);
    const wave = summary.thumbnails[0].find((t) => t.latent === 0)!.pixels; // 1 + cos(2π(a + b)/p) in [1 + cos(6π/7), 2]
    const lo = 1 + Math.cos((tau * 3) / p);
    for (let g = 0; g < P; g++) expect(wave[g]).toBe(Math.round(((acts[g * d] - lo) / (2 - lo)) * 255));
    expect(Array.from(thumbnailPixels([3, 3, 3]))).toEqual([0, 0, 0]);
  });

  it('lists the least stable live latents for the report, least stable first, dead ones left out', async () => {
    await useBackend('cpu');
    const { summary } = await compute([1]);
    const thumbs = new Map(summary.thumbnails[0].map((t) => [t.latent, t]));
    const unstable = summary.galleryUnstable![0];
    expect(unstable.length).toBeGreaterThan(0);
    expect(unstable).not.toContain(first.indexOf(7)); // the dead latent
    const stabilities = unstable.map((l) => thumbs.get(l)!.stability!);
    expect(stabilities).toEqual([...stabilities].sort((a, b) => a - b));
    for (const l of unstable) expect(thumbs.get(l)!.firingRate).toBeGreaterThan(0);
    const report = featuresReport(summary, 2);
    expect(report.gallery!.stable.map((x) => x.latent)).toEqual(summary.galleryByStability[0].slice(0, 2));
    expect(report.gallery!.unstable.map((x) => x.latent)).toEqual(unstable.slice(0, 2));
    expect(decodeBase64(report.gallery!.stable[0].pixels)).toEqual(thumbs.get(report.gallery!.stable[0].latent)!.pixels);
    expect(report.families).toEqual(summary.families);
  });

  it("shows the plan's flawed overlap: the best |cos| of each decoder row's first p coordinates with a DFT row", async () => {
    await useBackend('cpu');
    const { summary } = await compute([1]);
    // Decoder rows are basis vectors e_c: truncated to p = 7 coordinates, e_c has |cos| F[r, c] with DFT row r
    // (max over the constant 1/√7 and √(2/7)·|cos|, |sin| of 2πkc/7); e_7 truncates to zero and scores 0.
    const best = (c: number) => (c >= p ? 0 : Math.max(1 / Math.sqrt(p), ...[1, 2, 3].flatMap((k) =>
      [Math.cos, Math.sin].map((f) => Math.sqrt(2 / p) * Math.abs(f((tau * k * c) / p))))));
    const expected = first.reduce((s, c) => s + best(c), 0) / d;
    expect(summary.flawedPlanOverlap?.trained[0]).toBeCloseTo(expected, 5);
    expect(summary.flawedPlanOverlap?.initial[1]).toBeCloseTo(expected, 5); // same decoders before "training" here
  });

  it("tabulates stable × Fourier latents with the stability section's stable latents", async () => {
    await useBackend('cpu');
    // Seed 2 replaces the decoders of its latents reading coordinates 3 and 4 with (e3 ± e4)/√2: |cos| 0.707 with
    // seed 1's e3 and e4, below the chance level of d = n = 8, so those latents are unstable in both seeds.
    const threshold = bestMatchThreshold(d, d, 0.01);
    expect(threshold).toBeGreaterThan(Math.SQRT1_2);
    const mixed = sae(second, 7);
    const [i3, i4] = [second.indexOf(3), second.indexOf(4)];
    mixed.W_dec.fill(0, i3 * d, i3 * d + d).fill(0, i4 * d, i4 * d + d);
    mixed.W_dec.set([Math.SQRT1_2, Math.SQRT1_2], i3 * d + 3);
    mixed.W_dec.set([Math.SQRT1_2, -Math.SQRT1_2], i4 * d + 3);
    const trained = [sae(first, 7), mixed];
    const analysis = await FeaturesAnalysis.compute(spec, p, [1], { data: acts, rows: P, cols: d }, trained, [sae(first, 0), sae(second, 0)]);
    const report = analysis.summary.stableFourier!;
    // live: 7 (coordinate 7 dead, yet stable: e7 matches e7); stable & Fourier: coordinates 0, 1; stable & not: 2, 5, 6
    for (const t of report.trained.perSeed) {
      expect([t.stableFourier, t.stableOther, t.unstableFourier, t.unstableOther, t.notLive, t.notLiveStable]).toEqual([2, 3, 0, 2, 1, 1]);
    }
    const stabilitySection = await pairwiseStability(trained.map(toDictionary));
    report.trained.perSeed.forEach((t, s) => expect(t.stableFourier + t.stableOther + t.notLiveStable).toBe(stabilitySection.latents.stableCount[s]));
    expect(report.chanceThreshold).toBeCloseTo(threshold, 6);
    // The "untrained" SAEs here share their decoders (all stable), have coordinate 0 dead and read coordinate 7,
    // constant over the grid (7ab mod 7 = 0): per seed, the frequency-2 latent is the one stable Fourier latent,
    // 5 live latents are stable but not Fourier, 2 are not live.
    const init = report.initial!.pooled;
    expect([init.stableFourier, init.stableOther, init.unstableFourier, init.unstableOther, init.notLive]).toEqual([2, 10, 0, 0, 4]);
    expect(report.answer.kind).toBe('unrelated'); // 2 of 5 stable against 0 of 2 unstable is no evidence either way
  });

  it('leaves no tensors behind when the analysis and the explorer run again and again (cpu)', async () => {
    await useBackend('cpu');
    const before = tf.memory().numTensors;
    for (let round = 0; round < 3; round++) {
      const analysis = await compute([1]);
      for (let latent = 0; latent < d; latent++) analysis.detail(round % 2, latent);
      expect(tf.memory().numTensors).toBe(before);
    }
  });
});
