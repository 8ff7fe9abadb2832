import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '../../../src/core/tf.ts';
import { Rng } from '../../../src/core/rng.ts';
import { alignmentTerm, consistencyTerm, mutualTerm, tiedTerm } from '../../../src/core/stabilise/terms.ts';
import { useBackend } from '../../helpers/backend.ts';

/**
 * Each stabiliser term and its gradient against an independent float64 reference: the value by a direct loop, the
 * gradient by central finite differences of that loop.
 */

type F64 = Float64Array;
const EPS = 1e-12;

function unit64(w: F64, row: number, d: number): number[] {
  const r = Array.from(w.subarray(row * d, (row + 1) * d));
  const norm = Math.sqrt(r.reduce((s, v) => s + v * v, 0) + EPS);
  return r.map((v) => v / norm);
}
const dot = (a: number[], b: number[]) => a.reduce((s, v, k) => s + v * b[k], 0);

/** Σ_s (1 − mean_i max_j |cos(w_si, r_sj)|); r holds one [m, d] block per seed (or one for all). */
function consistency64(w: F64, S: number, n: number, r: F64, Sr: number, m: number, d: number): number {
  let total = 0;
  for (let s = 0; s < S; s++) {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const u = unit64(w, s * n + i, d);
      let best = 0;
      for (let j = 0; j < m; j++) best = Math.max(best, Math.abs(dot(u, unit64(r, (Sr === 1 ? 0 : s) * m + j, d))));
      sum += best;
    }
    total += 1 - sum / n;
  }
  return total;
}

function alignment64(w: F64, t: F64, mask: F64, S: number, n: number, d: number): number {
  let total = 0;
  for (let s = 0; s < S; s++) {
    for (let i = 0; i < n; i++) {
      const u = unit64(w, s * n + i, d);
      for (let k = 0; k < d; k++) total += (mask[s * n + i] * (u[k] - t[(s * n + i) * d + k])) ** 2;
    }
  }
  return total / n;
}

function mutual64(w: F64, S: number, n: number, d: number): number {
  let total = 0;
  for (let s = 0; s < S; s++) {
    for (let o = 0; o < S; o++) {
      if (o === s) continue;
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const u = unit64(w, s * n + i, d);
        let best = 0;
        for (let j = 0; j < n; j++) best = Math.max(best, Math.abs(dot(u, unit64(w, o * n + j, d))));
        sum += best;
      }
      total += 1 - sum / n;
    }
  }
  return total / (S - 1);
}

/** e [S, d, n], w [S, n, d]. */
function tied64(e: F64, w: F64, S: number, n: number, d: number): number {
  let total = 0;
  for (let s = 0; s < S; s++) for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) total += (e[(s * d + k) * n + i] - w[(s * n + i) * d + k]) ** 2;
  return total / n;
}

/** Central differences of f at x (float64). */
function finiteGradient(f: (x: F64) => number, x: F64, h = 1e-6): F64 {
  const g = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) {
    const plus = Float64Array.from(x);
    const minus = Float64Array.from(x);
    plus[k] += h;
    minus[k] -= h;
    g[k] = (f(plus) - f(minus)) / (2 * h);
  }
  return g;
}

const randoms = (seed: number, size: number) => Float64Array.from(new Rng(seed, 7).normals(size));

/** The term's value and gradient with respect to its first input, from tfjs (float32). */
async function tfValueAndGrad(f: (x: tf.Tensor) => tf.Scalar, x: F64, shape: number[]): Promise<{ value: number; grad: Float32Array }> {
  const input = tf.tensor(Float32Array.from(x), shape);
  const { value, grad } = tf.valueAndGrad(f)(input);
  const out = { value: (await value.data())[0], grad: (await grad.data()) as Float32Array };
  tf.dispose([input, value, grad]);
  return out;
}

function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let k = 0; k < expected.length; k++) worst = Math.max(worst, Math.abs(actual[k] - expected[k]));
  expect(worst).toBeLessThan(tol);
}

const [S, n, m, d] = [3, 5, 4, 6];

describe('stabiliser terms against float64 references', () => {
  beforeAll(async () => useBackend('cpu'));

  it('consistency (max-cosine matching): value and gradient, per-seed and shared references', async () => {
    const w = randoms(1, S * n * d);
    for (const Sr of [S, 1]) {
      const r = randoms(2 + Sr, Sr * m * d);
      const ref = tf.tensor(Float32Array.from(r), Sr === 1 ? [m, d] : [Sr, m, d]);
      const got = await tfValueAndGrad((x) => consistencyTerm(x, ref), w, [S, n, d]);
      const f = (x: F64) => consistency64(x, S, n, r, Sr, m, d);
      expect(got.value).toBeCloseTo(f(w), 5);
      expectClose(got.grad, finiteGradient(f, w), 2e-4);
      ref.dispose();
    }
  });

  it('alignment to matched targets: value and gradient; unmatched latents feel nothing', async () => {
    const w = randoms(3, S * n * d);
    const t = randoms(4, S * n * d);
    const mask = Float64Array.from({ length: S * n }, (_, i) => (i % 4 === 3 ? 0 : 1));
    const [tt, mt] = [tf.tensor(Float32Array.from(t), [S, n, d]), tf.tensor(Float32Array.from(mask), [S, n, 1])];
    const got = await tfValueAndGrad((x) => alignmentTerm(x, tt, mt), w, [S, n, d]);
    const f = (x: F64) => alignment64(x, t, mask, S, n, d);
    expect(got.value).toBeCloseTo(f(w), 4);
    expectClose(got.grad, finiteGradient(f, w), 2e-4);
    for (let k = 0; k < d; k++) expect(Math.abs(got.grad[3 * d + k])).toBe(0); // seed 0, latent 3: masked
    tf.dispose([tt, mt]);
  });

  it('mutual feature regularisation couples the seeds: value and gradient', async () => {
    const w = randoms(5, S * n * d);
    const got = await tfValueAndGrad((x) => mutualTerm(x), w, [S, n, d]);
    const f = (x: F64) => mutual64(x, S, n, d);
    expect(got.value).toBeCloseTo(f(w), 5);
    expectClose(got.grad, finiteGradient(f, w), 2e-4);
    expect(() => mutualTerm(tf.zeros([1, n, d]))).toThrow(/at least 2/);
  });

  it('tied-weight penalty: value and gradients with respect to both encoder and decoder', async () => {
    const e = randoms(6, S * d * n);
    const w = randoms(7, S * n * d);
    const wt = tf.tensor(Float32Array.from(w), [S, n, d]);
    const et = tf.tensor(Float32Array.from(e), [S, d, n]);
    const byEnc = await tfValueAndGrad((x) => tiedTerm(x, wt), e, [S, d, n]);
    const byDec = await tfValueAndGrad((x) => tiedTerm(et, x), w, [S, n, d]);
    expect(byEnc.value).toBeCloseTo(tied64(e, w, S, n, d), 4);
    expectClose(byEnc.grad, finiteGradient((x) => tied64(x, w, S, n, d), e), 1e-3);
    expectClose(byDec.grad, finiteGradient((x) => tied64(e, x, S, n, d), w), 1e-3);
    tf.dispose([wt, et]);
  });

  it('a decoder equal to its reference (up to sign and order) has zero consistency; orthogonal rows score 1', async () => {
    const eye = tf.eye(d).slice([0, 0], [n, d]);
    const flipped = tf.mul(tf.reverse(eye, 0), -2).reshape([1, n, d]);
    const zero = consistencyTerm(flipped, eye);
    expect((await zero.data())[0]).toBeCloseTo(0, 6);
    const other = tf.eye(d).slice([n, 0], [d - n, d]); // rows orthogonal to all of eye's
    const one = consistencyTerm(eye.reshape([1, n, d]), other);
    expect((await one.data())[0]).toBeCloseTo(1, 6);
    tf.dispose([eye, flipped, zero, other, one]);
  });
});
