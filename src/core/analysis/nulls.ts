import { Rng, RngStream } from '../rng.ts';
import type { ActivationGeometry } from './activationGeometry.ts';
import { normalizeRows } from './cosine.ts';
import { type PairSample, drawUntilPrecise, maxDraws, samplePair } from './nullDraws.ts';
import type { Dictionary } from './pairMetrics.ts';
import type { NullName } from './nullNames.ts';
import { randomUnitDictionary } from './randomBaseline.ts';

/**
 * Nulls for the stability measures (SCIENCE.md §4b): what two dictionaries would score if nothing but geometry made
 * them agree. Isotropic random dictionaries are necessary but far too weak when the activations are
 * low-dimensional, so three nulls that respect the data stand beside them:
 * - subspace: random unit vectors inside the top-r principal subspace of the activations (r = dims99);
 * - covariance: random directions drawn with the activations' covariance (Gaussian, then normalised);
 * - rotation: each trained pair with one seed's SAE rotated by a random orthogonal map inside the top-r subspace
 *   (identity outside): every dictionary keeps its own Gram matrix and subspace, only cross-seed alignment is lost.
 * The random dictionaries are tied SAEs (encoder = decoder, as the lab initialises them) for the shared fraction.
 * Seeded and deterministic; draws as many as nullDraws.ts's rule asks.
 */

export { NULL_NAMES, type NullName } from './nullNames.ts';

export interface NullSamples {
  name: NullName;
  /** How the page and the verdict name it in a sentence, e.g. "dictionaries confined to the same 19-dimensional subspace". */
  label: string;
  /** What it is, in words. */
  description: string;
  /** draws[t] = the dictionary pairs compared in draw t. */
  draws: PairSample[][];
}

/** The principal subspace the subspace and rotation nulls use: dims99, the fewest dimensions holding 99 % of the variance. */
export const subspaceDims = (g: ActivationGeometry): number => g.dims99;

const percentIn = (g: ActivationGeometry, r: number): string => {
  const total = g.variances.reduce((s, v) => s + v, 0);
  const held = g.variances.subarray(0, r).reduce((s, v) => s + v, 0);
  return total > 0 ? `${((100 * held) / total).toFixed(1)} %` : '—';
};

/** Pairs of tied random dictionaries of n unit rows, each drawn by `dictionary(rng)` [n, k] in k coordinates. */
async function sampledNull(n: number, k: number, seed: number, dictionary: (rng: Rng) => Float32Array): Promise<PairSample[][]> {
  const rng = new Rng(seed, RngStream.random);
  return drawUntilPrecise(async () => {
    const a = dictionary(rng);
    const b = dictionary(rng);
    return [await samplePair(a, b, null, null, n, n, k)];
  }, maxDraws(n));
}

/** Two dictionaries of n random unit vectors in R^d (SCIENCE.md §4's random baseline). */
export async function isotropicNull(d: number, n: number, seed = 0): Promise<NullSamples> {
  return {
    name: 'isotropic',
    label: `isotropic chance (random dictionaries spread over all ${d} dimensions)`,
    description: `two dictionaries of ${n} random unit vectors spread evenly over all ${d} dimensions; ignores where the activations lie`,
    draws: await sampledNull(n, d, seed, (rng) => randomUnitDictionary(rng, n, d)),
  };
}

/**
 * Random unit vectors inside the top-r principal subspace. Cosines are those of their r coordinates in the
 * principal basis (an orthonormal basis keeps them), so the draws are isotropic ones in R^r: at r = d exactly the
 * isotropic null's.
 */
export async function subspaceNull(g: ActivationGeometry, n: number, r = subspaceDims(g), seed = 0): Promise<NullSamples> {
  return {
    name: 'subspace',
    label: `dictionaries confined to the same ${r}-dimensional subspace`,
    description: `two dictionaries of ${n} random unit vectors inside the activations' top ${r} principal dimensions (${percentIn(g, r)} of their variance, of d = ${g.d})`,
    draws: await sampledNull(n, r, seed, (rng) => randomUnitDictionary(rng, n, r)),
  };
}

/** Random directions drawn with the activations' covariance: z ~ N(0, Σ), normalised (in principal coordinates). */
export async function covarianceNull(g: ActivationGeometry, n: number, seed = 0): Promise<NullSamples> {
  const d = g.d;
  const scale = Float64Array.from(g.variances, (v) => Math.sqrt(Math.max(0, v)));
  const dictionary = (rng: Rng) => {
    const raw = new Float32Array(n * d);
    for (let i = 0; i < n; i++) for (let k = 0; k < d; k++) raw[i * d + k] = rng.normal() * scale[k];
    return normalizeRows(raw, n, d);
  };
  return {
    name: 'covariance',
    label: 'random directions drawn with the activations\' covariance',
    description: `two dictionaries of ${n} random directions drawn from a Gaussian with the activations' covariance (each principal dimension weighted by its spread; participation ratio ${g.participationRatio.toFixed(1)})`,
    draws: await sampledNull(n, d, seed, dictionary),
  };
}

/** A random orthogonal r × r matrix (rows orthonormal; Gram–Schmidt of Gaussian rows, so Haar distributed). */
export function randomOrthogonal(rng: Rng, r: number): Float64Array {
  const q = new Float64Array(r * r);
  for (let i = 0; i < r; i++) {
    for (;;) {
      for (let k = 0; k < r; k++) q[i * r + k] = rng.normal();
      for (let j = 0; j < i; j++) {
        let dot = 0;
        for (let k = 0; k < r; k++) dot += q[i * r + k] * q[j * r + k];
        for (let k = 0; k < r; k++) q[i * r + k] -= dot * q[j * r + k];
      }
      let norm = 0;
      for (let k = 0; k < r; k++) norm += q[i * r + k] ** 2;
      if (norm > 1e-12) {
        const s = 1 / Math.sqrt(norm);
        for (let k = 0; k < r; k++) q[i * r + k] *= s;
        break;
      }
    }
  }
  return q;
}

/**
 * Rows [n, d] mapped by Q = I + U_rᵀ (R − I) U_r: the coordinates c = U_r b along the top-r directions (rows of
 * `directions` [d, d]) become c R, the rest of b is untouched. Q is orthogonal, so the rows' Gram matrix is kept.
 */
export function rotateInSubspace(rows: Float32Array, n: number, d: number, directions: Float64Array, r: number, rotation: Float64Array): Float32Array {
  const out = Float32Array.from(rows);
  const c = new Float64Array(r);
  const delta = new Float64Array(r);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < r; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += rows[i * d + j] * directions[k * d + j];
      c[k] = s;
    }
    for (let k = 0; k < r; k++) {
      let s = 0;
      for (let l = 0; l < r; l++) s += c[l] * rotation[l * r + k];
      delta[k] = s - c[k];
    }
    for (let j = 0; j < d; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += delta[k] * directions[k * d + j];
      out[i * d + j] += s;
    }
  }
  return out;
}

/**
 * The trained dictionaries with alignment destroyed: in every draw, for every seed pair (a, b), seed b's decoder and
 * encoder rotated by one random orthogonal map inside the top-r subspace, then compared with seed a as it is.
 */
export async function rotationNull(g: ActivationGeometry, dicts: Dictionary[], r = subspaceDims(g), seed = 0): Promise<NullSamples> {
  const d = g.d;
  if (dicts.some((x) => x.d !== d)) throw new Error(`the SAEs read d = ${dicts[0]?.d}, the activations have d = ${d}`);
  const decoders = dicts.map((x) => normalizeRows(x.decoder, x.n, d));
  const encoders = dicts.map((x) => (x.encoder ? normalizeRows(x.encoder, x.n, d) : null));
  const pairs: [number, number][] = [];
  for (let a = 0; a < dicts.length; a++) for (let b = a + 1; b < dicts.length; b++) pairs.push([a, b]);
  const rng = new Rng(seed, RngStream.random);
  const draws = await drawUntilPrecise(async () => {
    const out: PairSample[] = [];
    for (const [a, b] of pairs) {
      const rotation = randomOrthogonal(rng, r);
      const rotate = (m: Float32Array) => rotateInSubspace(m, dicts[b].n, d, g.directions, r, rotation);
      const encB = encoders[b];
      out.push(await samplePair(decoders[a], rotate(decoders[b]), encoders[a], encB && rotate(encB), dicts[a].n, dicts[b].n, d));
    }
    return out;
  }, maxDraws(Math.max(...dicts.map((x) => x.n)), pairs.length));
  return {
    name: 'rotation',
    label: `the same dictionaries rotated at random inside the ${r}-dimensional subspace`,
    description: `each seed pair with one SAE rotated by a random orthogonal map inside the activations' top ${r} principal dimensions (identity outside): every dictionary keeps its own shape and subspace, only its alignment with the other seed is destroyed`,
    draws,
  };
}

/**
 * Every null for trained SAEs on these activations (at least two). `isotropic` may be passed in when it was already
 * computed (it depends only on d, n and the seed).
 */
export async function stabilityNulls(
  g: ActivationGeometry, trained: Dictionary[], options: { seed?: number; isotropic?: NullSamples } = {},
): Promise<NullSamples[]> {
  const seed = options.seed ?? 0;
  const n = trained[0].n;
  return [
    options.isotropic ?? await isotropicNull(g.d, n, seed),
    await subspaceNull(g, n, subspaceDims(g), seed),
    await covarianceNull(g, n, seed),
    await rotationNull(g, trained, subspaceDims(g), seed),
  ];
}
