import { beforeAll, describe, expect, it } from 'vitest';
import { type Dictionary, pwmccMax, pwmccOneToOne, sharedFraction } from '../../../src/core/analysis/pairMetrics.ts';
import { cosineMatrix, matMulTransposedJs, normalizeRows } from '../../../src/core/analysis/cosine.ts';
import * as tf from '../../../src/core/tf.ts';
import { Rng } from '../../../src/core/rng.ts';
import { useBackend } from '../../helpers/backend.ts';

/** Rows of the d x d identity picked by `axes`, each scaled by `signs` (default +1) and a positive length. */
function axes(d: number, picks: number[], signs: number[] = []): Float32Array {
  const m = new Float32Array(picks.length * d);
  picks.forEach((axis, i) => (m[i * d + axis] = (signs[i] ?? 1) * (1 + i)));
  return m;
}

function dict(d: number, decoder: Float32Array, encoder: Float32Array = decoder): Dictionary {
  return { n: decoder.length / d, d, decoder, encoder };
}

/** A random dictionary [n, d] and a copy with rows permuted, signs flipped where `flip[i]`, and lengths changed. */
function permutedCopy(rng: Rng, m: Float32Array, n: number, d: number, flip: boolean[]): Float32Array {
  const perm = rng.permutation(n);
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) out[perm[i] * d + k] = (flip[i] ? -2.5 : 0.7) * m[i * d + k];
  return out;
}

beforeAll(async () => {
  await useBackend('wasm');
});

describe('pair metrics on hand-built dictionaries', () => {
  const d = 8;

  it('identical dictionaries score 1 in every form', async () => {
    const rng = new Rng(1);
    const a = dict(d, rng.normals(6 * d), rng.normals(6 * d));
    expect(await pwmccMax(a, a)).toBeCloseTo(1, 6);
    expect(await pwmccOneToOne(a, a)).toBeCloseTo(1, 6);
    expect((await sharedFraction(a, a)).fraction).toBe(1);
  });

  it('a permuted, rescaled copy scores 1 in every form; flipped signs count for |cos| forms only', async () => {
    const rng = new Rng(2);
    const n = 40;
    const decoder = rng.normals(n * 16);
    const encoder = rng.normals(n * 16);
    const a = { n, d: 16, decoder, encoder };
    const none = Array(n).fill(false);
    const rngCopy = () => new Rng(3); // the same permutation for decoder and encoder
    const same = { n, d: 16, decoder: permutedCopy(rngCopy(), decoder, n, 16, none), encoder: permutedCopy(rngCopy(), encoder, n, 16, none) };
    expect(await pwmccMax(a, same)).toBeCloseTo(1, 6);
    expect(await pwmccOneToOne(a, same)).toBeCloseTo(1, 6);
    expect((await sharedFraction(a, same)).fraction).toBe(1);
    // Flip a quarter of the latents (decoder and encoder): |cos| is blind to it, the signed shared test is not.
    const flip = Array.from({ length: n }, (_, i) => i % 4 === 0);
    const flipped = { n, d: 16, decoder: permutedCopy(rngCopy(), decoder, n, 16, flip), encoder: permutedCopy(rngCopy(), encoder, n, 16, flip) };
    expect(await pwmccMax(a, flipped)).toBeCloseTo(1, 6);
    expect(await pwmccOneToOne(a, flipped)).toBeCloseTo(1, 6);
    expect((await sharedFraction(a, flipped)).fraction).toBeCloseTo(30 / 40, 9);
  });

  it('orthogonal dictionaries score 0', async () => {
    const a = dict(d, axes(d, [0, 1, 2, 3]));
    const b = dict(d, axes(d, [4, 5, 6, 7], [1, -1, 1, -1]));
    expect(await pwmccMax(a, b)).toBe(0);
    expect(await pwmccOneToOne(a, b)).toBe(0);
    expect((await sharedFraction(a, b)).fraction).toBe(0);
  });

  it('half the latents shared gives 0.5 in every form', async () => {
    const a = dict(d, axes(d, [0, 1, 2, 3]));
    const b = dict(d, axes(d, [1, 5, 0, 6]));
    expect(await pwmccMax(a, b)).toBeCloseTo(0.5, 6);
    expect(await pwmccOneToOne(a, b)).toBeCloseTo(0.5, 6);
    const shared = await sharedFraction(a, b);
    expect(shared.fraction).toBe(0.5);
    expect([...shared.shared]).toEqual([1, 1, 0, 0]);
  });

  it('max-cosine lets one latent serve twice while one-to-one does not (hand-computed)', async () => {
    // A = {e0, e1}; B = {e0, u} with u = (e0 + 0.1 e1)/|.|. |C| = [[1, c], [0, s]], c = 1/sqrt(1.01), s = 0.1 c.
    const c = 1 / Math.sqrt(1.01);
    const s = 0.1 * c;
    const a = dict(2, Float32Array.from([1, 0, 0, 1]));
    const b = dict(2, Float32Array.from([1, 0, 1, 0.1]));
    expect(await pwmccMax(a, b)).toBeCloseTo(0.5 * ((1 + s) / 2 + (1 + c) / 2), 6);
    expect(await pwmccOneToOne(a, b)).toBeCloseTo((1 + s) / 2, 6);
  });

  it('shared needs the encoder and decoder matchings to agree and both cosines >= threshold', async () => {
    // Decoders identical (so the decoder matching is the identity). Encoders of B: latent 0 tilted to cos 0.75 with
    // A's, latent 1 tilted to cos 0.65, latents 2 and 3 swapped (the encoder matching disagrees there).
    const decoder = axes(d, [0, 1, 2, 3]);
    const encoderA = axes(d, [0, 1, 2, 3]);
    const encoderB = new Float32Array(4 * d);
    encoderB.set([0.75, 0, 0, 0, Math.sqrt(1 - 0.75 ** 2), 0, 0, 0], 0);
    encoderB.set([0, 0.65, 0, 0, 0, Math.sqrt(1 - 0.65 ** 2), 0, 0], d);
    encoderB[2 * d + 3] = 1;
    encoderB[3 * d + 2] = 1;
    const result = await sharedFraction(dict(d, decoder, encoderA), dict(d, decoder, encoderB), 0.7);
    expect([...result.shared]).toEqual([1, 0, 0, 0]);
    expect(result.fraction).toBe(0.25);
    expect((await sharedFraction(dict(d, decoder, encoderA), dict(d, decoder, encoderB), 0.6)).fraction).toBe(0.5);
  });

  it('works for rectangular pairs (fewer latents in A than in B)', async () => {
    const a = dict(d, axes(d, [2, 5]));
    const b = dict(d, axes(d, [0, 5, 1, 2]));
    expect(await pwmccMax(a, b)).toBeCloseTo(0.5 * (1 + 2 / 4), 6);
    expect(await pwmccOneToOne(a, b)).toBeCloseTo(1, 6);
    expect((await sharedFraction(a, b)).fraction).toBe(1);
  });
});

describe('cosine matrices', () => {
  it('the tfjs product (wasm) agrees with the plain-JS loop', async () => {
    expect(tf.getBackend()).toBe('wasm');
    const rng = new Rng(4);
    const [nA, nB, dim] = [67, 45, 33];
    const a = rng.normals(nA * dim);
    const b = rng.normals(nB * dim);
    const viaTf = await cosineMatrix(a, b, nA, nB, dim);
    const viaJs = matMulTransposedJs(normalizeRows(a, nA, dim), normalizeRows(b, nB, dim), nA, nB, dim);
    for (let k = 0; k < viaJs.length; k++) expect(viaTf[k]).toBeCloseTo(viaJs[k], 5);
  });
});
