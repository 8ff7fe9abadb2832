import { Rng, RngStream } from '../rng.ts';
import { type TransformerSpec, dHead } from '../spec/transformer.ts';

/** A named float32 array in TransformerLens layout: the form weights take outside tfjs (export, checkpoints, tests). */
export interface NamedArray {
  shape: number[];
  data: Float32Array;
}
export type WeightMap = Record<string, NamedArray>;

/** TransformerLens state-dict names and shapes for this spec, in the order initial weights are drawn. */
export function weightShapes(s: TransformerSpec): [string, number[]][] {
  const dh = dHead(s);
  const out: [string, number[]][] = [
    ['embed.W_E', [s.p + 1, s.dModel]],
    ['pos_embed.W_pos', [3, s.dModel]],
  ];
  for (let l = 0; l < s.nLayers; l++) {
    out.push(
      [`blocks.${l}.attn.W_Q`, [s.nHeads, s.dModel, dh]],
      [`blocks.${l}.attn.W_K`, [s.nHeads, s.dModel, dh]],
      [`blocks.${l}.attn.W_V`, [s.nHeads, s.dModel, dh]],
      [`blocks.${l}.attn.W_O`, [s.nHeads, dh, s.dModel]],
      [`blocks.${l}.mlp.W_in`, [s.dModel, s.dMlp]],
      [`blocks.${l}.mlp.b_in`, [s.dMlp]],
      [`blocks.${l}.mlp.W_out`, [s.dMlp, s.dModel]],
      [`blocks.${l}.mlp.b_out`, [s.dModel]],
    );
  }
  out.push(['unembed.W_U', [s.dModel, s.p]]);
  return out;
}

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Initial weights (SCIENCE.md §1): every weight ~ N(0,1)/sqrt(d_model), W_U ~ N(0,1)/sqrt(d_vocab) with
 * d_vocab = p + 1, biases zero. Drawn in JS from the project's PRNG, so identical on every backend.
 */
export function initialWeights(s: TransformerSpec): WeightMap {
  const rng = new Rng(s.seed, RngStream.transformerInit);
  const out: WeightMap = {};
  for (const [name, shape] of weightShapes(s)) {
    const n = size(shape);
    const isBias = name.includes('.b_');
    const std = name === 'unembed.W_U' ? 1 / Math.sqrt(s.p + 1) : 1 / Math.sqrt(s.dModel);
    out[name] = { shape, data: isBias ? new Float32Array(n) : rng.normals(n, std) };
  }
  return out;
}

export function countParameters(s: TransformerSpec): number {
  return weightShapes(s).reduce((acc, [, shape]) => acc + size(shape), 0);
}

/** [H, d_model, d_head] (TransformerLens) → [d_model, H*d_head] (one fused matMul). */
export function headsToFused(w: Float32Array, h: number, d: number, dh: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let hi = 0; hi < h; hi++)
    for (let i = 0; i < d; i++)
      for (let j = 0; j < dh; j++) out[i * h * dh + hi * dh + j] = w[(hi * d + i) * dh + j];
  return out;
}

/** Inverse of headsToFused. */
export function fusedToHeads(w: Float32Array, h: number, d: number, dh: number): Float32Array {
  const out = new Float32Array(w.length);
  for (let hi = 0; hi < h; hi++)
    for (let i = 0; i < d; i++)
      for (let j = 0; j < dh; j++) out[(hi * d + i) * dh + j] = w[i * h * dh + hi * dh + j];
  return out;
}
