import { describe, expect, it } from 'vitest';
import { transpose } from '../../../src/core/analysis/cosine.ts';
import { activationGeometry } from '../../../src/core/analysis/activationGeometry.ts';
import { nullStats } from '../../../src/core/analysis/nullDraws.ts';
import { isotropicNull } from '../../../src/core/analysis/nulls.ts';
import { analyzeStability } from '../../../src/core/experiment/analyze.ts';
import { Rng, RngStream } from '../../../src/core/rng.ts';
import type { SaeWeights } from '../../../src/core/sae/init.ts';
import type { StabilityUpdate } from '../../../src/worker/saeMessages.ts';
import { BaselineCache, LiveCadence, StabilityTracker } from '../../../src/core/experiment/stabilityTracker.ts';
import { useBackend } from '../../helpers/backend.ts';

const d = 16;
const n = 48;

/** An SAE whose decoder rows are `dict`'s rows in a seed-specific order plus noise, W_enc = W_decᵀ. */
function sae(dict: Float32Array, seed: number, noise: number): SaeWeights {
  const rng = new Rng(seed, RngStream.random);
  const order = rng.permutation(n);
  const eps = rng.normals(n * d);
  const W_dec = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) W_dec[i * d + k] = dict[order[i] * d + k] + noise * eps[i * d + k];
  return { dIn: d, dSae: n, W_dec, W_enc: transpose(W_dec, n, d), b_enc: new Float32Array(n), b_dec: new Float32Array(d) };
}

/** Activations [200, d] spread mostly over 4 directions (a small rest), as the SAEs' input. */
const acts = (() => {
  const rng = new Rng(21, RngStream.random);
  const rows = 200;
  const data = new Float32Array(rows * d);
  for (let i = 0; i < rows; i++) for (let k = 0; k < d; k++) data[i * d + k] = rng.normal() * (k < 4 ? 1 : 0.05);
  return { data, rows, cols: d };
})();

async function track(trained: SaeWeights[], initial: SaeWeights[], threshold: number) {
  const updates: StabilityUpdate[] = [];
  const tracker = new StabilityTracker([1, 2, 3], new BaselineCache(), (u) => updates.push(u));
  await tracker.begin(initial, threshold, acts);
  await tracker.live(trained, 10);
  await tracker.finish(trained, 20, threshold);
  return { tracker, updates };
}

describe('StabilityTracker (the stability section\'s work in the worker)', () => {
  const dict = new Rng(5, RngStream.random).normals(n * d);
  const initial = [11, 12, 13].map((s) => sae(new Rng(s, RngStream.random).normals(n * d), s, 0));

  it('finds identical dictionaries in any latent order fully stable in all three forms', async () => {
    await useBackend('cpu');
    const { updates } = await track([1, 2, 3].map((s) => sae(dict, s, 0)), initial, 0.7);
    const final = updates.at(-1)!;
    if (final.kind !== 'final') throw new Error('no final analysis');
    for (const stat of [final.snapshot.pwmccMax, final.snapshot.pwmccOneToOne!, final.snapshot.sharedFraction!]) {
      expect(stat.mean).toBeCloseTo(1, 5);
      expect(stat.std).toBeCloseTo(0, 5);
    }
    expect(final.snapshot.stableLatents.perSeed).toEqual([n, n, n]);
    expect(final.snapshot.bestMatchHistogram.total).toBe(3 * 2 * n); // every latent against both other seeds
  });

  it('sends baseline, live (max-cosine only), then final; the final report equals the CLI\'s analyzeStability', async () => {
    await useBackend('cpu');
    const trained = [1, 2, 3].map((s) => sae(dict, s, 0.25));
    const { updates } = await track(trained, initial, 0.7);
    expect(updates.map((u) => u.kind)).toEqual(['baseline', 'live', 'final']);
    const live = updates[1];
    if (live.kind !== 'live') throw new Error('no live update');
    expect(live.snapshot.pwmccOneToOne).toBeNull();
    expect(live.snapshot.step).toBe(10);
    const final = updates[2];
    if (final.kind !== 'final') throw new Error('no final analysis');
    const cli = await analyzeStability(trained, initial, await activationGeometry(acts));
    const { elapsedMs: _a, ...ours } = final.report;
    const { elapsedMs: _b, ...theirs } = cli;
    expect(ours).toEqual(theirs); // every number, every null and the verdict: one computation for page and CLI
    expect(Object.keys(ours.nulls)).toEqual(['isotropic', 'subspace', 'covariance', 'rotation']);
    expect(ours.randomBaseline.pwmccMax).toEqual({ mean: ours.nulls.isotropic.pwmccMax.mean, std: ours.nulls.isotropic.pwmccMax.std });
    expect(final.snapshot.pwmccMax.mean).toBeGreaterThan(0.9); // noise 0.25 per coordinate keeps rows close
    // The live baseline is the same isotropic draws the final report summarises.
    const baseline = updates[0];
    if (baseline.kind !== 'baseline') throw new Error('no baseline');
    expect(baseline.baseline.pwmccMax.mean).toBe(nullStats((await isotropicNull(d, n)).draws, 0.7).pwmccMax.mean);
    expect(baseline.activations.dims99).toBe(ours.subspaceDims);
    expect(baseline.activations.participationRatio).toBeGreaterThan(3);
    expect(baseline.activations.participationRatio).toBeLessThan(4.5);
  });

  it('recomputes the shared fraction of trained and untrained SAEs at a new threshold', async () => {
    await useBackend('cpu');
    const trained = [1, 2, 3].map((s) => sae(dict, s, 0.25));
    const { tracker, updates } = await track(trained, initial, 0.7);
    await tracker.reanalyze(0.99);
    const last = updates.at(-1)!;
    if (last.kind !== 'final') throw new Error('no final analysis');
    expect(last.snapshot.sharedThreshold).toBe(0.99);
    expect(last.initial.sharedThreshold).toBe(0.99);
    const at07 = updates[2].kind === 'final' ? updates[2].snapshot.sharedFraction!.mean : NaN;
    expect(last.snapshot.sharedFraction!.mean).toBeLessThan(at07); // fewer pairs clear a stricter threshold
  });
});

describe('LiveCadence (how often live stability runs)', () => {
  it('waits at least the minimum interval, and longer when the last analysis was expensive', () => {
    const c = new LiveCadence(500, 0.2);
    expect(c.due(0)).toBe(true);
    c.record(0, 100); // 100 ms of analysis → at most 20% of the time: wait 400 ms, but at least 500
    expect(c.due(599)).toBe(false);
    expect(c.due(600)).toBe(true);
    c.record(1000, 2000); // 1 s of analysis → wait 4 s
    expect(c.due(5999)).toBe(false);
    expect(c.due(6000)).toBe(true);
  });
});
