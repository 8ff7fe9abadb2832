/**
 * The transformer on disk: `model.safetensors` (TransformerLens state-dict names and shapes) and `config.json`
 * (TransformerLens HookedTransformerConfig keys, plus p and the training recipe that produced the weights).
 */
import { SpecError } from '../spec/fields.ts';
import { type TransformerSpec, dHead, validateTransformer } from '../spec/transformer.ts';
import { type WeightMap, weightShapes } from '../transformer/weights.ts';
import { decodeSafetensors, encodeSafetensors } from './safetensors.ts';

export interface TransformerConfigJson {
  n_layers: number;
  d_model: number;
  n_heads: number;
  d_head: number;
  d_mlp: number;
  d_vocab: number;
  d_vocab_out: number;
  n_ctx: number;
  act_fn: 'relu';
  normalization_type: null;
  attn_only: false;
  positional_embedding_type: 'standard';
  seed: number;
  p: number;
  /** The full TransformerSpec that trained these weights. */
  training: TransformerSpec;
}

export function transformerConfig(spec: TransformerSpec): TransformerConfigJson {
  return {
    n_layers: spec.nLayers,
    d_model: spec.dModel,
    n_heads: spec.nHeads,
    d_head: dHead(spec),
    d_mlp: spec.dMlp,
    d_vocab: spec.p + 1,
    d_vocab_out: spec.p,
    n_ctx: 3,
    act_fn: 'relu',
    normalization_type: null,
    attn_only: false,
    positional_embedding_type: 'standard',
    seed: spec.seed,
    p: spec.p,
    training: spec,
  };
}

export function encodeTransformer(spec: TransformerSpec, weights: WeightMap): Uint8Array {
  return encodeSafetensors(weights, { format: 'pt', source: 'sae-stability-lab', p: String(spec.p) });
}

/** Reads a saved transformer back, checking every expected tensor is present with its shape. */
export function decodeTransformer(configJson: unknown, safetensors: Uint8Array): { spec: TransformerSpec; weights: WeightMap } {
  const cfg = configJson as Partial<TransformerConfigJson> | null;
  if (typeof cfg !== 'object' || cfg === null || typeof cfg.training !== 'object') {
    throw new SpecError('config.json must hold a "training" object with the transformer spec');
  }
  const spec = validateTransformer(cfg.training, 'config.training');
  const { tensors } = decodeSafetensors(safetensors);
  const weights: WeightMap = {};
  for (const [name, shape] of weightShapes(spec)) {
    const t = tensors[name];
    if (!t) throw new SpecError(`model.safetensors lacks ${name}`);
    if (JSON.stringify(t.shape) !== JSON.stringify(shape)) {
      throw new SpecError(`${name} has shape ${JSON.stringify(t.shape)}, expected ${JSON.stringify(shape)}`);
    }
    weights[name] = t;
  }
  return { spec, weights };
}
