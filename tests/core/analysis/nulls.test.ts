import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ActivationGeometry, activationGeometry, dimsHolding, participationRatio, symmetricEigen,
} from '../../../src/core/analysis/activationGeometry.ts';
import { cosineMatrix, normalizeRows } from '../../../src/core/analysis/cosine.ts';
import {
  MIN_DRAWS, NULL_STANDARD_ERROR, maxDraws, nullStats, samplePair, sharedFractionOf, standardErrors,
} from '../../../src/core/analysis/nullDraws.ts';
import {
  covarianceNull, isotropicNull, randomOrthogonal, rotateInSubspace, rotationNull, subspaceNull,
} from '../../../src/core/analysis/nulls.ts';
import { judgeStability } from '../../../src/core/analysis/nullVerdict.ts';
import { sharedLatentsOf } from '../../../src/core/analysis/pairMetrics.ts';
import { pairwiseStability } from '../../../src/core/analysis/stability.ts';
import { nullReports } from '../../../src/core/experiment/analyze.ts';
import { Rng, RngStream } from '../../../src/core/rng.ts';
import { useBackend } from '../../helpers/backend.ts';

beforeAll(async () => {
  await useBackend('cpu');
});

/** Rows [2·d, d]: ±a_k·u_k for orthonormal u_k, so the covariance (÷ m = 2d) has eigenvalues a_k² / d exactly. */
function plantedActivations(amplitudes: number[], seed = 3): { data: Float32Array; rows: number; cols: number; basis: Float64Array } {
  const d = amplitudes.length;
  const basis = randomOrthogonal(new Rng(seed, RngStream.random), d);
  const data = new Float32Array(2 * d * d);
  amplitudes.forEach((a, k) => {
    for (let j = 0; j < d; j++) {
      data[2 * k * d + j] = a * basis[k * d + j];
      data[(2 * k + 1) * d + j] = -a * basis[k * d + j];
    }
  });
  return { data, rows: 2 * d, cols: d, basis };
}

/** Activations spread over the first r of d principal directions only (plus nothing else). */
async function lowRankGeometry(d: number, r: number): Promise<ActivationGeometry> {
  return activationGeometry(plantedActivations(Array.from({ length: d }, (_, k) => (k < r ? 1 + 0.05 * k : 0))));
}

/** n random unit rows confined to the span of the first r rows of `directions` [d, d]. */
function dictionaryInSubspace(rng: Rng, n: number, d: number, directions: Float64Array, r: number): Float32Array {
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < r; k++) {
    const z = rng.normal();
    for (let j = 0; j < d; j++) out[i * d + j] += z * directions[k * d + j];
  }
  return normalizeRows(out, n, d);
}

describe('activation geometry (participation ratio, dims90 / dims99)', () => {
  it('reads a planted spectrum exactly', async () => {
    const variances = [9, 4, 1, 1, 0, 0, 0, 0]; // PR = 15² / (81 + 16 + 1 + 1) = 225 / 99
    const g = await activationGeometry(plantedActivations(variances.map((v) => Math.sqrt(v * 8))));
    variances.forEach((v, k) => expect(g.variances[k]).toBeCloseTo(v, 4));
    expect(g.participationRatio).toBeCloseTo(225 / 99, 4);
    expect(participationRatio([1, 1, 1, 1])).toBe(4);
    // 9/15 = 60 %, 13/15 = 87 %, 14/15 = 93 %, 15/15: 90 % needs 3 dimensions, 99 % needs 4.
    expect([g.dims90, g.dims95, g.dims99]).toEqual([3, 4, 4]);
    expect(dimsHolding([1, 0, 0], 0.99)).toBe(1);
  });

  it('finds eigenvectors: Σ v = λ v and the directions are orthonormal', () => {
    const d = 12;
    const rng = new Rng(8, RngStream.random);
    const m = rng.normals(d * d);
    const sym = Float64Array.from({ length: d * d }, (_, k) => m[k] + m[(k % d) * d + Math.floor(k / d)]);
    const { values, vectors } = symmetricEigen(sym, d);
    for (let a = 0; a < d; a++) {
      for (let i = 0; i < d; i++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += sym[i * d + j] * vectors[a * d + j];
        expect(s).toBeCloseTo(values[a] * vectors[a * d + i], 8);
      }
      for (let b = 0; b < d; b++) {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += vectors[a * d + j] * vectors[b * d + j];
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 10);
      }
      if (a > 0) expect(values[a]).toBeLessThanOrEqual(values[a - 1]);
    }
  });
});

describe('Monte Carlo nulls', () => {
  it('draws until the standard error is at most 0.002: isotropic d = 32, n = 128 is the expected 0.478', async () => {
    const iso = await isotropicNull(32, 128, 0);
    const stats = nullStats(iso.draws, 0.7);
    expect(stats.draws).toBeGreaterThanOrEqual(MIN_DRAWS);
    expect(stats.draws).toBeLessThanOrEqual(maxDraws(128));
    for (const se of Object.values(stats.standardError)) expect(se).toBeLessThanOrEqual(NULL_STANDARD_ERROR);
    expect(Math.abs(stats.pwmccMax.mean - 0.478)).toBeLessThan(3 * NULL_STANDARD_ERROR + 0.002);
    expect(stats.pwmccMax.std).toBeGreaterThan(0.002); // one pair varies by ~0.005 here: a single draw would not do
    expect(stats.sharedFraction.mean).toBe(0); // no random pair reaches 0.7 at d = 32
  });

  it('stops at the minimum where one pair is already precise, and caps the work at large n', () => {
    expect(maxDraws(1024)).toBe(64);
    expect(maxDraws(1024, 10)).toBe(6);
    expect(maxDraws(8192)).toBe(MIN_DRAWS);
    expect(maxDraws(16)).toBe(1000);
  });

  it('is deterministic for a seed and changes with it', async () => {
    const a = await isotropicNull(8, 16, 1);
    const b = await isotropicNull(8, 16, 1);
    const c = await isotropicNull(8, 16, 2);
    expect(a.draws.map((x) => x[0].pwmccMax)).toEqual(b.draws.map((x) => x[0].pwmccMax));
    expect(a.draws[0][0].pwmccMax).not.toBe(c.draws[0][0].pwmccMax);
  });

  it('a subspace of all d dimensions is the isotropic null, draw for draw', async () => {
    const d = 16;
    const g = await lowRankGeometry(d, d);
    const sub = await subspaceNull(g, 32, d, 4);
    const iso = await isotropicNull(d, 32, 4);
    expect(sub.draws.map((x) => x[0].pwmccMax)).toEqual(iso.draws.map((x) => x[0].pwmccMax));
    // A smaller subspace is a stronger null; the covariance null sits near it for a flat spectrum inside it.
    const small = nullStats((await subspaceNull(await lowRankGeometry(d, 4), 32, 4, 4)).draws, 0.7);
    const cov = nullStats((await covarianceNull(await lowRankGeometry(d, 4), 32, 4)).draws, 0.7);
    expect(small.pwmccMax.mean).toBeGreaterThan(nullStats(iso.draws, 0.7).pwmccMax.mean + 0.2);
    expect(Math.abs(cov.pwmccMax.mean - small.pwmccMax.mean)).toBeLessThan(0.03);
  });

  it('the shared fraction from stored scores equals sharedLatentsOf at any threshold', async () => {
    const rng = new Rng(6, RngStream.random);
    const [nA, nB, d] = [20, 24, 3];
    const decA = normalizeRows(rng.normals(nA * d), nA, d);
    const decB = normalizeRows(rng.normals(nB * d), nB, d);
    const encA = normalizeRows(rng.normals(nA * d), nA, d);
    const encB = normalizeRows(rng.normals(nB * d), nB, d);
    const sample = await samplePair(decA, decB, encA, encB, nA, nB, d);
    const dec = await cosineMatrix(decA, decB, nA, nB, d);
    const enc = await cosineMatrix(encA, encB, nA, nB, d);
    for (const t of [0.3, 0.5, 0.7, 0.9]) expect(sharedFractionOf(sample, t)).toBeCloseTo(sharedLatentsOf(dec, enc, nA, nB, t).fraction, 12);
    expect(standardErrors([[sample]], 0.7).pwmccMax).toBe(Infinity); // one draw says nothing about the error
  });
});

describe('rotation null', () => {
  it('keeps a dictionary in its subspace and keeps its Gram matrix', async () => {
    const [d, r, n] = [10, 3, 12];
    const g = await lowRankGeometry(d, r);
    const rng = new Rng(2, RngStream.random);
    const dict = dictionaryInSubspace(rng, n, d, g.directions, r);
    const rotated = rotateInSubspace(dict, n, d, g.directions, r, randomOrthogonal(rng, r));
    for (let i = 0; i < n; i++) {
      let inside = 0;
      for (let k = 0; k < r; k++) {
        let c = 0;
        for (let j = 0; j < d; j++) c += rotated[i * d + j] * g.directions[k * d + j];
        inside += c * c;
      }
      expect(inside).toBeCloseTo(1, 5); // all of the unit row still lies in the top-r directions
    }
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) {
      let before = 0;
      let after = 0;
      for (let j = 0; j < d; j++) {
        before += dict[a * d + j] * dict[b * d + j];
        after += rotated[a * d + j] * rotated[b * d + j];
      }
      expect(after).toBeCloseTo(before, 5);
    }
    expect(Math.abs(rotated[0] - dict[0]) + Math.abs(rotated[1] - dict[1])).toBeGreaterThan(1e-3); // it did move
  });

  it('destroys the alignment of identical dictionaries but not their geometry', async () => {
    const [d, r, n] = [12, 4, 24];
    const g = await lowRankGeometry(d, r);
    const decoder = dictionaryInSubspace(new Rng(9, RngStream.random), n, d, g.directions, r);
    const dicts = [0, 1, 2].map(() => ({ n, d, decoder, encoder: decoder }));
    const rot = nullStats((await rotationNull(g, dicts, r, 0)).draws, 0.7);
    expect(rot.pairsPerDraw).toBe(3);
    expect(rot.pwmccMax.mean).toBeLessThan(0.97); // the unrotated pairs score exactly 1
    // A rotated copy of a 24-vector dictionary in 4 dimensions still finds near neighbours: about the subspace null.
    const sub = nullStats((await subspaceNull(g, n, r, 0)).draws, 0.7);
    expect(Math.abs(rot.pwmccMax.mean - sub.pwmccMax.mean)).toBeLessThan(0.08);
  });
});

describe('verdict against the strongest null', () => {
  it('a pair that beats isotropic chance but not the subspace null is called no better than the subspace', async () => {
    const [d, r, n] = [32, 5, 64];
    const g = await lowRankGeometry(d, r);
    expect(g.dims99).toBe(r);
    const rng = new Rng(12, RngStream.random);
    const dicts = [0, 1, 2].map(() => {
      const decoder = dictionaryInSubspace(rng, n, d, g.directions, r);
      return { n, d, decoder, encoder: decoder };
    });
    const trained = await pairwiseStability(dicts);
    const nulls = [await isotropicNull(d, n), await subspaceNull(g, n), await covarianceNull(g, n), await rotationNull(g, dicts)];
    const reports = nullReports(nulls, trained, d, n);
    const verdict = judgeStability(trained, reports)!;
    expect(['subspace', 'covariance', 'rotation']).toContain(verdict.against);
    expect(verdict.aboveIsotropic!).toBeGreaterThan(0.3); // far above isotropic chance (~0.58 at d = 32, n = 64)
    expect(verdict.kind).not.toBe('beats');
    expect(verdict.sentence).toMatch(/above isotropic chance \(0\.\d{3}\), but (no better than|.* below|above .* in \d of 3 seed pairs only)/);
    expect(verdict.sentence).toContain(verdict.label); // names it: the subspace (5-dimensional) or the covariance null
    expect(reports.subspace.label).toContain('same 5-dimensional subspace');
    expect(verdict.scale.spread).toBe(reports[verdict.against].pwmccMax.std);
    // Stable latents: many against isotropic chance, about chance's share against the strongest null.
    expect(Math.min(...reports.isotropic.stableLatents)).toBeGreaterThan(n / 2);
    expect(Math.max(...reports[verdict.against].stableLatents)).toBeLessThan(n / 4);
  });

  it('names isotropic chance alone when it is the only null, with its scale', () => {
    const matrix = [[1, 0.6, 0.62], [0.6, 1, 0.61], [0.62, 0.61, 1]];
    const v = judgeStability(
      { pwmccMax: { matrix, mean: 0.61, std: 0.008 }, pwmccOneToOne: null },
      { isotropic: { pwmccMax: { mean: 0.5, std: 0.005 }, pwmccOneToOne: { mean: 0.48, std: 0.005 }, label: 'isotropic chance' } },
    )!;
    expect(v.kind).toBe('beats');
    expect(v.headline).toBe('Trained SAEs beat chance by +0.110');
    expect(v.scale.units).toBeCloseTo(22, 9);
    expect(v.sentence).toContain('+0.110 above isotropic chance (0.500) — 22 × its spread ± 0.005');
  });

  it('beside a stronger sampled null, still reads the trained SAEs against their own rotations', () => {
    const matrix = [[1, 0.9, 0.9], [0.9, 1, 0.9], [0.9, 0.9, 1]];
    const level = (mean: number, std: number, label: string) => ({ pwmccMax: { mean, std }, pwmccOneToOne: { mean: mean - 0.02, std }, label });
    const v = judgeStability({ pwmccMax: { matrix, mean: 0.9, std: 0 }, pwmccOneToOne: { mean: 0.88, std: 0 } }, {
      isotropic: level(0.3, 0.001, 'isotropic chance'),
      subspace: level(0.95, 0.002, 'dictionaries confined to the same 10-dimensional subspace'),
      rotation: level(0.6, 0.01, 'the same dictionaries rotated at random inside the 10-dimensional subspace'),
    })!;
    expect(v.against).toBe('subspace');
    expect(v.kind).toBe('below');
    expect(v.headline).toBe('No better than dictionaries confined to the same 10-dimensional subspace (−0.050)');
    expect(v.sentence).toBe(
      'PWMCC (max-cosine, the plan\'s metric) 0.900 ± 0.000: +0.600 above isotropic chance (0.300), but 0.050 below dictionaries confined ' +
      'to the same 10-dimensional subspace (0.950 ± 0.002). Against the same dictionaries rotated at random inside the 10-dimensional ' +
      'subspace (0.600 ± 0.010): +0.300. PW-MCC (one-to-one, Song et al. 2025) 0.880 against 0.930 (−0.050).',
    );
  });

  it('headlines isotropic chance when the SAEs do not even beat it, however far below a sampled null they are', () => {
    const matrix = [[1, 0.49, 0.49], [0.49, 1, 0.49], [0.49, 0.49, 1]];
    const level = (mean: number, std: number, label: string) => ({ pwmccMax: { mean, std }, pwmccOneToOne: { mean, std }, label });
    const v = judgeStability({ pwmccMax: { matrix, mean: 0.49, std: 0 }, pwmccOneToOne: null }, {
      isotropic: level(0.482, 0.003, 'isotropic chance'),
      covariance: level(0.797, 0.006, "random directions drawn with the activations' covariance"),
    })!;
    expect(v.against).toBe('covariance');
    expect(v.kind).toBe('below');
    expect(v.headline).toBe('Indistinguishable from random (isotropic chance)');
    expect(v.sentence).toContain('within isotropic chance (0.482, +0.008), and 0.307 below random directions');
  });
});
