import { Rng, type RngState, RngStream } from '../rng.ts';

/** One SAE's weights in SAELens layout, as plain arrays (the shape io/saeFiles.ts `encodeSae` writes). */
export interface SaeWeights {
  dIn: number;
  dSae: number;
  W_enc: Float32Array; // [d_in, n]
  b_enc: Float32Array; // [n]
  W_dec: Float32Array; // [n, d_in]
  b_dec: Float32Array; // [d_in]
  /** JumpReLU-style threshold per latent (SAELens `threshold`), for architectures that have one. */
  threshold?: Float32Array; // [n]
}

/** A row-major matrix of activations [rows, cols] in plain memory. */
export interface ActivationData {
  data: Float32Array;
  rows: number;
  cols: number;
}

/**
 * Initial weights of one seed (SCIENCE.md §3): decoder rows are random directions scaled to `decoderNorm`
 * (1 for TopK, ~0.1 for ReLU + L1), W_enc = W_dec^T, b_enc = 0, b_dec = the data mean. The random part is drawn
 * in JS from the seed's `saeInit` stream, so it is bit-identical on every backend. `threshold`: every latent's θ, for
 * the architectures that have one.
 */
export function initialSaeWeights(seed: number, dIn: number, n: number, decoderNorm: number, mean: Float32Array, threshold?: number): SaeWeights {
  const W_dec = new Rng(seed, RngStream.saeInit).normals(n * dIn);
  const W_enc = new Float32Array(dIn * n);
  for (let i = 0; i < n; i++) {
    let sq = 0;
    for (let j = 0; j < dIn; j++) sq += W_dec[i * dIn + j] ** 2;
    const scale = decoderNorm / Math.sqrt(sq);
    for (let j = 0; j < dIn; j++) {
      W_dec[i * dIn + j] *= scale;
      W_enc[j * n + i] = W_dec[i * dIn + j];
    }
  }
  const w: SaeWeights = { dIn, dSae: n, W_enc, b_enc: new Float32Array(n), W_dec, b_dec: Float32Array.from(mean) };
  if (threshold !== undefined) w.threshold = new Float32Array(n).fill(threshold);
  return w;
}

/** Where a DataOrder stands: the generator state that draws `epoch`'s permutation (epoch −1: none drawn yet). */
export interface DataOrderState {
  rng: RngState;
  epoch: number;
}

/** The order a seed visits the rows: a fresh permutation per epoch from the seed's `saeDataOrder` stream. */
export class DataOrder {
  private readonly rng: Rng;
  private epoch = -1;
  private perm: Int32Array = new Int32Array(0);
  /** The generator's state before it drew `perm`: with `epoch`, all a checkpoint needs to redraw it. */
  private before: RngState;

  constructor(seed: number, private readonly rows: number, saved?: DataOrderState) {
    this.rng = saved ? Rng.fromState(saved.rng) : new Rng(seed, RngStream.saeDataOrder);
    this.before = this.rng.state();
    if (saved && saved.epoch >= 0) {
      this.epoch = saved.epoch - 1;
      this.permutation(saved.epoch);
    }
  }

  /** Row indices of the given epoch (epochs must be asked for in order, each any number of times). */
  permutation(epoch: number): Int32Array {
    while (this.epoch < epoch) {
      this.before = this.rng.state();
      this.perm = this.rng.permutation(this.rows);
      this.epoch += 1;
    }
    return this.perm;
  }

  state(): DataOrderState {
    return { rng: [...this.before] as RngState, epoch: this.epoch };
  }
}

/** Statistics of the activation set, in float64 so that they are the same on every backend. */
export interface ActivationStats {
  mean: Float64Array; // [cols]
  /** Mean Euclidean norm of a row. */
  meanNorm: number;
  /** Σ ||x − mean||² over all rows (the FVU denominator). */
  totalVariance: number;
}

export function activationStats({ data, rows, cols }: ActivationData): ActivationStats {
  const mean = new Float64Array(cols);
  let normSum = 0;
  for (let r = 0; r < rows; r++) {
    let sq = 0;
    for (let c = 0; c < cols; c++) {
      const v = data[r * cols + c];
      mean[c] += v;
      sq += v * v;
    }
    normSum += Math.sqrt(sq);
  }
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  let totalVariance = 0;
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) totalVariance += (data[r * cols + c] - mean[c]) ** 2;
  return { mean, meanNorm: normSum / rows, totalVariance };
}
