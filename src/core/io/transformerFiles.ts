/**
 * The transformer on disk: `model.safetensors` (TransformerLens state-dict names and shapes) and `config.json`
 * (TransformerLens HookedTransformerConfig keys, plus p and the training recipe that produced the weights).
 * Read back: the lab's own files, or a TransformerLens model trained elsewhere (no `training` block).
 */
import { SpecError, defaultsOf } from '../spec/fields.ts';
import { type TransformerSpec, dHead, transformerFields, validateTransformer } from '../spec/transformer.ts';
import { type WeightMap, weightShapes } from '../transformer/weights.ts';
import { decodeSafetensors, encodeSafetensors } from './safetensors.ts';
import { architectureOf } from './transformerLensConfig.ts';

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

/** A transformer read from files, with what the files said about how it was trained. */
export interface DecodedTransformer {
  spec: TransformerSpec;
  weights: WeightMap;
  /**
   * True when config.json holds the lab's `training` block: the spec is the one that trained these weights and its
   * train/test split is known. False for a TransformerLens config alone: the spec's training fields are the
   * `recipe` given (they did not produce these weights) and accuracy must be judged on all p² pairs.
   */
  splitKnown: boolean;
  /** What the user should know: converted dtypes, ignored buffers, a nonzero b_K dropped (exactly). Zero biases go unmentioned. */
  notes: string[];
}

/** Biases TransformerLens models carry and the lab's model lacks (SCIENCE.md §1), with their shapes. */
function tlBiasShapes(spec: TransformerSpec): [string, number[]][] {
  const out: [string, number[]][] = [];
  for (let l = 0; l < spec.nLayers; l++) {
    for (const b of ['b_Q', 'b_K', 'b_V']) out.push([`blocks.${l}.attn.${b}`, [spec.nHeads, dHead(spec)]]);
    out.push([`blocks.${l}.attn.b_O`, [spec.dModel]]);
  }
  out.push(['unembed.b_U', [spec.p]]);
  return out;
}

/** Buffers of a TransformerLens state dict that are not weights (the causal mask, the masking constant). */
const BUFFER_RE = /^blocks\.\d+\.attn\.(mask|IGNORE)$/;
const sameShape = (a: number[], b: number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
const maxAbs = (d: Float32Array) => d.reduce((m, x) => Math.max(m, Math.abs(x)), 0);

/**
 * The spec config.json describes: the lab's `training` block when present (checked against the TransformerLens
 * keys), else the architecture from those keys with the training fields of `recipe`.
 */
function specOf(cfg: Record<string, unknown>, recipe: TransformerSpec): { spec: TransformerSpec; splitKnown: boolean } {
  const arch = architectureOf(cfg);
  if (cfg.training === undefined || cfg.training === null) {
    return { spec: validateTransformer({ ...recipe, ...arch }, 'config.json (with the recipe\'s training fields)'), splitKnown: false };
  }
  if (typeof cfg.training !== 'object') throw new SpecError('config.json: "training" must be the lab\'s transformer spec (an object) or absent');
  const spec = validateTransformer(cfg.training, 'config.json training');
  for (const key of Object.keys(arch) as (keyof typeof arch)[]) {
    if (spec[key] !== arch[key]) throw new SpecError(`config.json: training.${key} is ${spec[key]} but the TransformerLens keys say ${arch[key]}`);
  }
  return { spec, splitKnown: true };
}

/**
 * Reads a transformer from its config.json (parsed) and safetensors bytes: what the lab writes (TransformerLens
 * keys plus its `training` block) or any TransformerLens-layout model the lab computes exactly (architectureOf).
 * Every weight is checked for presence and shape; F16, BF16 and F64 are converted to float32. TransformerLens
 * biases the lab's model lacks are accepted only when they change nothing: b_Q, b_V, b_O and b_U must be zero
 * (they are refused otherwise); b_K may be anything, since it adds the same amount to a query's score for every key
 * and the softmax cancels it. Throws SpecError (or SafetensorsError) naming the file, tensor or key.
 */
export function decodeTransformer(configJson: unknown, safetensors: Uint8Array, recipe: TransformerSpec = defaultsOf(transformerFields)): DecodedTransformer {
  if (typeof configJson !== 'object' || configJson === null || Array.isArray(configJson)) throw new SpecError('config.json must hold a JSON object');
  const { spec, splitKnown } = specOf(configJson as Record<string, unknown>, recipe);
  const shapes = new Map([...weightShapes(spec), ...tlBiasShapes(spec)]);
  const { tensors, skipped, dtypes } = decodeSafetensors(safetensors, (name) => !BUFFER_RE.test(name));
  const notes: string[] = [];
  const unknown = Object.keys(tensors).filter((name) => !shapes.has(name));
  if (unknown.length > 0) {
    const norm = unknown.some((n) => /(^|\.)ln/.test(n));
    throw new SpecError(`the safetensors file holds ${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ` and ${unknown.length - 3} more` : ''}, ` +
      (norm ? 'LayerNorm weights; the lab\'s transformer has no LayerNorm' : `which a ${spec.nLayers}-layer model of the lab does not have`));
  }
  const weights: WeightMap = {};
  for (const [name, shape] of shapes) {
    const t = tensors[name];
    const isBias = !weightShapes(spec).some(([n]) => n === name);
    if (!t) {
      if (isBias) continue;
      throw new SpecError(`the safetensors file lacks ${name} (shape ${JSON.stringify(shape)})`);
    }
    if (!sameShape(t.shape, shape)) throw new SpecError(`${name} has shape ${JSON.stringify(t.shape)}, expected ${JSON.stringify(shape)}`);
    if (!t.data.every(Number.isFinite)) throw new SpecError(`${name} holds NaN or infinite values`);
    if (!isBias) {
      weights[name] = t;
      continue;
    }
    const largest = maxAbs(t.data);
    if (largest === 0) continue;
    if (name.endsWith('.b_K')) {
      notes.push(`${name} dropped: it shifts every score of a query equally, which the softmax cancels`);
      continue;
    }
    throw new SpecError(`${name} is not zero (largest |value| ${largest.toPrecision(3)}); the lab's transformer has no attention or unembedding biases (SCIENCE.md §1), so this model is refused rather than computed differently`);
  }
  const converted = [...new Set(Object.values(dtypes).filter((d) => d !== 'F32'))];
  if (converted.length > 0) notes.push(`converted ${converted.join(', ')} to float32`);
  if (skipped.length > 0) notes.push(`ignored buffers ${skipped.join(', ')}`);
  return { spec, weights, splitKnown, notes };
}
