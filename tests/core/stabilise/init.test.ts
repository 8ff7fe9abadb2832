import { describe, expect, it } from 'vitest';
import { Rng } from '../../../src/core/rng.ts';
import { initialSaeWeights } from '../../../src/core/sae/init.ts';
import { kmeansRows, sampledRows } from '../../../src/core/stabilise/dataInit.ts';
import { fourierDirections, placeDecoderRows } from '../../../src/core/stabilise/fourierInit.ts';
import { matchToReference } from '../../../src/core/stabilise/matching.ts';

const unitVector = (rng: Rng, d: number) => {
  const v = rng.normals(d);
  const norm = Math.hypot(...v);
  return Float32Array.from(v, (x) => x / norm);
};
const absCos = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let [ab, aa, bb] = [0, 0, 0];
  for (let k = 0; k < a.length; k++) [ab, aa, bb] = [ab + a[k] * b[k], aa + a[k] ** 2, bb + b[k] ** 2];
  return Math.abs(ab) / Math.sqrt(aa * bb);
};
const row = (m: Float32Array, i: number, d: number) => m.subarray(i * d, (i + 1) * d);

describe('Fourier initialisation', () => {
  // Activations over the p × p grid built from known directions: u·cos(2πk(a+b)/p) + v·sin(2πk(a+b)/p) + w·cos(2πk'a/p).
  const [p, d, k, k2] = [11, 6, 3, 2];
  const rng = new Rng(3, 1);
  const [u, v, w] = [unitVector(rng, d), unitVector(rng, d), unitVector(rng, d)];
  const data = new Float32Array(p * p * d);
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const [c, s, ca] = [Math.cos((2 * Math.PI * k * (a + b)) / p), Math.sin((2 * Math.PI * k * (a + b)) / p), Math.cos((2 * Math.PI * k2 * a) / p)];
      for (let j = 0; j < d; j++) data[(a * p + b) * d + j] = 2 * u[j] * c + 0.5 * v[j] * s + w[j] * ca + 0.3;
    }
  }
  const acts = { data, rows: p * p, cols: d };

  it('recovers the direction of cos and sin of k(a+b) through the "model", and of k\'a with all variables', () => {
    const sum = fourierDirections(acts, p, [k], 'sum');
    expect(sum.labels).toEqual([`cos ${k}(a+b)`, `sin ${k}(a+b)`]);
    expect(absCos(row(sum.directions, 0, d), u)).toBeCloseTo(1, 5);
    expect(absCos(row(sum.directions, 1, d), v)).toBeCloseTo(1, 5);
    const all = fourierDirections(acts, p, [k2], 'all');
    // Only cos k'·a carries a direction; the other functions of frequency k' are absent from these activations.
    expect(all.labels).toEqual([`cos ${k2}a`]);
    expect(absCos(row(all.directions, 0, d), w)).toBeCloseTo(1, 5);
  });

  it('reads the three position blocks of `all` activations as p × p grids, and refuses partial grids or no keys', () => {
    const stacked = { data: Float32Array.from([...data, ...data, ...data]), rows: 3 * p * p, cols: d };
    expect(absCos(row(fourierDirections(stacked, p, [k], 'sum').directions, 0, d), u)).toBeCloseTo(1, 5);
    expect(() => fourierDirections({ ...acts, rows: p * p - 1, data: data.subarray(0, (p * p - 1) * d) }, p, [k], 'sum')).toThrow(/whole p × p grid/);
    expect(() => fourierDirections(acts, p, [], 'sum')).toThrow(/key frequency/);
  });

  it('places rows into the first decoder rows at their initial norm, keeping the encoder tied, the rest untouched', () => {
    const w = initialSaeWeights(4, d, 5, 0.1, new Float32Array(d));
    const before = Float32Array.from(w.W_dec);
    const { directions, m } = fourierDirections(acts, p, [k], 'sum');
    placeDecoderRows(w, directions, m);
    for (let i = 0; i < m; i++) {
      expect(Math.hypot(...row(w.W_dec, i, d))).toBeCloseTo(0.1, 6);
      expect(absCos(row(w.W_dec, i, d), row(directions, i, d))).toBeCloseTo(1, 6);
      for (let j = 0; j < d; j++) expect(w.W_enc[j * 5 + i]).toBe(w.W_dec[i * d + j]);
    }
    expect(Array.from(w.W_dec.subarray(m * d))).toEqual(Array.from(before.subarray(m * d)));
  });
});

describe('data-initialised decoders', () => {
  // Three tight clusters around well-separated directions (basis vectors, plus an offset the centring removes).
  const d = 5;
  const rng = new Rng(8, 2);
  const centres = [0, 1, 2].map((i) => Float32Array.from({ length: d }, (_, j) => (i === j ? 1 : 0)));
  const rows = 90;
  const data = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) data[r * d + j] = 3 * centres[r % 3][j] + 0.05 * rng.normal() + 1;
  const acts = { data, rows, cols: d };

  it('sampled rows are unit centred activations, drawn differently by different seeds and identically by the same', () => {
    const a = sampledRows(acts, 4, 1);
    for (let i = 0; i < 4; i++) expect(Math.hypot(...row(a, i, d))).toBeCloseTo(1, 5);
    expect(Array.from(sampledRows(acts, 4, 1))).toEqual(Array.from(a));
    expect(Array.from(sampledRows(acts, 4, 2))).not.toEqual(Array.from(a));
  });

  it('k-means centroids land on the cluster directions (of the centred data)', () => {
    const mean = new Float64Array(d);
    for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) mean[j] += data[r * d + j] / rows;
    const centred = centres.map((c) => Float32Array.from(c, (x, j) => 3 * x + 1 - mean[j]));
    const got = kmeansRows(acts, 6, 5, 10); // more centroids than clusters: none is left without one
    for (const c of centred) expect(Math.max(...[0, 1, 2, 3, 4, 5].map((i) => absCos(row(got, i, d), c)))).toBeGreaterThan(0.99);
    const sampled = sampledRows(acts, 6, 5); // the starting points are single noisy rows, not yet the centres
    expect(Math.min(...centred.map((c) => Math.max(...[0, 1, 2, 3, 4, 5].map((i) => absCos(row(sampled, i, d), c)))))).toBeLessThan(0.99);
  });
});

describe('one-to-one matching to the reference', () => {
  it('finds a permuted, sign-flipped copy of the reference and builds signed targets', () => {
    const [n, d] = [6, 4];
    const rng = new Rng(1, 3);
    const ref = rng.normals(n * d);
    const perm = [3, 0, 5, 1, 4, 2];
    const decoder = new Float32Array(n * d);
    perm.forEach((j, i) => row(ref, j, d).forEach((x, k) => (decoder[i * d + k] = (i % 2 ? -2 : 0.5) * x)));
    const m = matchToReference(decoder, n, ref, n, d);
    expect(Array.from(m.partner)).toEqual(perm);
    expect(m.meanAbsCos).toBeCloseTo(1, 5);
    for (let i = 0; i < n; i++) {
      const target = row(m.targets, i, d);
      const unit = Array.from(row(decoder, i, d), (x) => x / Math.hypot(...row(decoder, i, d)));
      target.forEach((x, k) => expect(x).toBeCloseTo(unit[k], 5)); // the sign follows the decoder row
    }
    expect(Array.from(m.mask)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('leaves latents without a partner unmasked when the reference has fewer rows', () => {
    const rng = new Rng(2, 3);
    const m = matchToReference(rng.normals(5 * 3), 5, rng.normals(2 * 3), 2, 3);
    expect(Array.from(m.mask).filter((x) => x === 1)).toHaveLength(2);
    expect(Array.from(m.partner).filter((j) => j < 0)).toHaveLength(3);
  });
});
