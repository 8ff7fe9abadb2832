import { Rng } from '../rng.ts';
import type { ActivationData } from '../sae/init.ts';

/**
 * Data-initialised decoders: decoder rows start at directions of the data instead of random ones — centred
 * activations sampled by the seed, or spherical k-means centroids seeded by those samples. The seed draws the sample,
 * so seeds start from different rows; k-means pulls them towards the same centroids, which is the point (and the
 * reason to run the shared-initialisation control beside it).
 */

/** This stabiliser's own generator stream (apart from src/core/rng.ts RngStream's, so none of theirs shifts). */
export const DATA_INIT_STREAM = 61;

/** Centred activations [rows, d] as unit rows (an all-mean row stays zero). */
function centredUnitRows({ data, rows, cols: d }: ActivationData): Float32Array {
  const mean = new Float64Array(d);
  for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) mean[j] += data[r * d + j] / rows;
  const out = new Float32Array(rows * d);
  for (let r = 0; r < rows; r++) {
    let sq = 0;
    for (let j = 0; j < d; j++) sq += (data[r * d + j] - mean[j]) ** 2;
    const scale = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    for (let j = 0; j < d; j++) out[r * d + j] = (data[r * d + j] - mean[j]) * scale;
  }
  return out;
}

/** n unit rows [n, d]: centred activations drawn without replacement (with replacement past `rows`) by `seed`. */
export function sampledRows(acts: ActivationData, n: number, seed: number): Float32Array {
  const { rows, cols: d } = acts;
  const unit = centredUnitRows(acts);
  const rng = new Rng(seed, DATA_INIT_STREAM);
  const order = rng.permutation(rows);
  const out = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    const r = i < rows ? order[i] : rng.int(rows);
    out.set(unit.subarray(r * d, (r + 1) * d), i * d);
  }
  return out;
}

/**
 * Spherical k-means on the centred unit rows: n centroids started at `sampledRows(seed)`, each iteration assigning
 * every row to the centroid of largest cos (signed: a latent fires for one sign of its direction only) and
 * re-normalising the mean.
 * A centroid that wins no row keeps its place. Returns [n, d] unit rows.
 */
export function kmeansRows(acts: ActivationData, n: number, seed: number, iterations: number): Float32Array {
  const { rows, cols: d } = acts;
  const unit = centredUnitRows(acts);
  const centroids = sampledRows(acts, n, seed);
  for (let it = 0; it < iterations; it++) {
    const sums = new Float64Array(n * d);
    for (let r = 0; r < rows; r++) {
      let best = 0;
      let bestCos = -Infinity;
      for (let c = 0; c < n; c++) {
        let s = 0;
        for (let j = 0; j < d; j++) s += unit[r * d + j] * centroids[c * d + j];
        if (s > bestCos) [best, bestCos] = [c, s];
      }
      for (let j = 0; j < d; j++) sums[best * d + j] += unit[r * d + j];
    }
    for (let c = 0; c < n; c++) {
      let sq = 0;
      for (let j = 0; j < d; j++) sq += sums[c * d + j] ** 2;
      if (sq === 0) continue;
      for (let j = 0; j < d; j++) centroids[c * d + j] = sums[c * d + j] / Math.sqrt(sq);
    }
  }
  return centroids;
}
