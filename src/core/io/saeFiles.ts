/**
 * SAEs on disk. Written in SAELens layout (`sae_weights.safetensors` with W_enc [d_in, d_sae], b_enc [d_sae],
 * W_dec [d_sae, d_in], b_dec [d_in], and `cfg.json`); read from SAELens or sparsify layout (encoder.weight
 * [d_sae, d_in], encoder.bias, W_dec, b_dec), with W_dec's orientation checked against the shapes. JumpReLU SAEs
 * (and BatchTopK, exported as JumpReLU) add `threshold` [d_sae].
 */
import { SpecError } from '../spec/fields.ts';
import { decodeSafetensors, encodeSafetensors } from './safetensors.ts';

export interface SaeWeights {
  dIn: number;
  dSae: number;
  W_enc: Float32Array; // [d_in, d_sae]
  b_enc: Float32Array; // [d_sae]
  W_dec: Float32Array; // [d_sae, d_in]
  b_dec: Float32Array; // [d_in]
  /** JumpReLU (and BatchTopK exported as JumpReLU): the threshold per latent. */
  threshold?: Float32Array; // [d_sae]
}

export interface SaeCfgJson {
  d_in: number;
  d_sae: number;
  /** SAELens architecture: topk, standard, jumprelu (the registry's `saeLens.name`). */
  architecture: string;
  k?: number;
  dtype: 'float32';
  hook_name: string;
  seed: number;
  [training: string]: unknown;
}

export function encodeSae(w: SaeWeights, metadata: Record<string, string> = {}): Uint8Array {
  return encodeSafetensors(
    {
      W_enc: { shape: [w.dIn, w.dSae], data: w.W_enc },
      b_enc: { shape: [w.dSae], data: w.b_enc },
      W_dec: { shape: [w.dSae, w.dIn], data: w.W_dec },
      b_dec: { shape: [w.dIn], data: w.b_dec },
      ...(w.threshold ? { threshold: { shape: [w.dSae], data: w.threshold } } : {}),
    },
    { format: 'pt', ...metadata },
  );
}

function transpose(data: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = data[i * cols + j];
  return out;
}

/**
 * Reads SAELens or sparsify weights; throws SpecError naming what is missing or inconsistent. `squareDecoder`: W_dec
 * is [d, d] (d_in = d_sae), so its shape cannot tell its orientation; it is read as [d_sae, d_in], the convention of
 * both layouts.
 */
export function decodeSae(bytes: Uint8Array): SaeWeights & { layout: 'saelens' | 'sparsify'; squareDecoder: boolean } {
  const { tensors: t } = decodeSafetensors(bytes);
  const bDec = t.b_dec;
  if (!bDec || bDec.shape.length !== 1) throw new SpecError('SAE file lacks b_dec [d_in]');
  const dIn = bDec.shape[0];
  const sparsify = !t.W_enc && t['encoder.weight'];
  const enc = sparsify ? t['encoder.weight'] : t.W_enc;
  const bEnc = sparsify ? t['encoder.bias'] : t.b_enc;
  if (!enc || !bEnc || !t.W_dec) throw new SpecError('SAE file needs W_enc, b_enc, W_dec, b_dec (SAELens) or encoder.weight, encoder.bias, W_dec, b_dec (sparsify)');
  if (bEnc.shape.length !== 1) throw new SpecError(`${sparsify ? 'encoder.bias' : 'b_enc'} has shape ${JSON.stringify(bEnc.shape)}, expected [d_sae]`);
  const dSae = bEnc.shape[0];
  const expectEnc = sparsify ? [dSae, dIn] : [dIn, dSae];
  if (JSON.stringify(enc.shape) !== JSON.stringify(expectEnc)) {
    throw new SpecError(`encoder has shape ${JSON.stringify(enc.shape)}, expected ${JSON.stringify(expectEnc)} for d_in ${dIn}, d_sae ${dSae}`);
  }
  let wDec = t.W_dec.data;
  const decShape = JSON.stringify(t.W_dec.shape);
  if (decShape === JSON.stringify([dIn, dSae]) && dIn !== dSae) wDec = transpose(wDec, dIn, dSae); // stored [d_in, d_sae]
  else if (decShape !== JSON.stringify([dSae, dIn])) throw new SpecError(`W_dec has shape ${decShape}, expected [${dSae}, ${dIn}]`);
  const threshold = t.threshold;
  if (threshold && JSON.stringify(threshold.shape) !== JSON.stringify([dSae])) throw new SpecError(`threshold has shape ${JSON.stringify(threshold.shape)}, expected [${dSae}]`);
  return {
    ...(threshold ? { threshold: threshold.data } : {}),
    layout: sparsify ? 'sparsify' : 'saelens',
    squareDecoder: dIn === dSae,
    dIn,
    dSae,
    W_enc: sparsify ? transpose(enc.data, dSae, dIn) : enc.data,
    b_enc: bEnc.data,
    W_dec: wDec,
    b_dec: bDec.data,
  };
}
