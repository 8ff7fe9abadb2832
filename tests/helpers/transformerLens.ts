/**
 * A TransformerLens-layout model made in the test: a small random model of the lab's architecture, saved under
 * TransformerLens state-dict names (with the zero biases and the BOOL mask buffer a TransformerLens state dict
 * holds) and a TransformerLens config.json (HookedTransformerConfig.to_dict keys, no lab `training` block).
 * Every weight is a multiple of 1/64 in [-2, 2], exact in F16, BF16, F32 and F64, so each dtype loads the same model.
 */
import { encodeSafetensors } from '../../src/core/io/safetensors.ts';
import { Rng } from '../../src/core/rng.ts';
import { type TransformerSpec, dHead } from '../../src/core/spec/transformer.ts';
import { type WeightMap, weightShapes } from '../../src/core/transformer/weights.ts';

export type Dtype = 'F32' | 'F16' | 'BF16' | 'F64';

/** The lab's weights for `spec` (every weight and MLP bias random), on the 1/64 grid. */
export function gridWeights(spec: TransformerSpec, seed = 7): WeightMap {
  const rng = new Rng(seed, 99);
  const out: WeightMap = {};
  for (const [name, shape] of weightShapes(spec)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const data = rng.normals(n, 0.4).map((x) => Math.max(-2, Math.min(2, Math.round(x * 64) / 64)));
    out[name] = { shape, data };
  }
  return out;
}

/** The TransformerLens biases the lab lacks, all zero unless given (b_K may be nonzero: the softmax cancels it). */
export function tlBiases(spec: TransformerSpec, set: Record<string, Float32Array> = {}): WeightMap {
  const out: WeightMap = {};
  const dh = dHead(spec);
  for (let l = 0; l < spec.nLayers; l++) {
    for (const b of ['b_Q', 'b_K', 'b_V']) out[`blocks.${l}.attn.${b}`] = { shape: [spec.nHeads, dh], data: new Float32Array(spec.nHeads * dh) };
    out[`blocks.${l}.attn.b_O`] = { shape: [spec.dModel], data: new Float32Array(spec.dModel) };
  }
  out['unembed.b_U'] = { shape: [spec.p], data: new Float32Array(spec.p) };
  for (const [name, data] of Object.entries(set)) out[name] = { shape: out[name].shape, data };
  return out;
}

/** config.json as TransformerLens writes it for this architecture (HookedTransformerConfig.to_dict), no lab keys. */
export function tlConfig(spec: TransformerSpec, change: Record<string, unknown> = {}): Record<string, unknown> {
  const dh = dHead(spec);
  return {
    n_layers: spec.nLayers, d_model: spec.dModel, n_ctx: 3, d_head: dh, model_name: 'custom', n_heads: spec.nHeads,
    d_mlp: spec.dMlp, act_fn: 'relu', d_vocab: spec.p + 1, eps: 1e-5, use_attn_result: false, use_attn_scale: true,
    attn_scale: Math.sqrt(dh), use_split_qkv_input: false, use_hook_mlp_in: false, use_attn_in: false, use_local_attn: false,
    original_architecture: null, from_checkpoint: false, tokenizer_name: null, window_size: null, attn_types: null,
    init_mode: 'gpt2', normalization_type: null, device: 'cpu', n_devices: 1, attention_dir: 'causal', attn_only: false,
    seed: 999, initializer_range: 0.1, init_weights: true, scale_attn_by_inverse_layer_idx: false,
    positional_embedding_type: 'standard', final_rms: false, d_vocab_out: spec.p, parallel_attn_mlp: false, rotary_dim: null,
    use_hook_tokens: false, gated_mlp: false, default_prepend_bos: true, dtype: 'torch.float32', n_key_value_heads: null,
    post_embedding_ln: false, rotary_base: 10000, num_experts: null, use_normalization_before_and_after: false,
    attn_scores_soft_cap: -1.0, output_logits_soft_cap: -1.0,
    ...change,
  };
}

function halfBits(x: number): number {
  if (x === 0) return Object.is(x, -0) ? 0x8000 : 0;
  const sign = x < 0 ? 0x8000 : 0;
  const a = Math.abs(x);
  const e = Math.floor(Math.log2(a));
  if (e < -14) return sign | Math.round(a / 2 ** -24); // subnormal
  return sign | ((e + 15) << 10) | Math.round((a / 2 ** e - 1) * 1024);
}

const WIDTH: Record<Dtype | 'BOOL', number> = { F32: 4, F16: 2, BF16: 2, F64: 8, BOOL: 1 };

/**
 * safetensors bytes of `tensors` in `dtype`, plus the buffers of a TransformerLens state dict (the BOOL causal
 * mask and the IGNORE constant of each block). F32 without buffers is exactly the lab's own writer.
 */
export function encodeAs(tensors: WeightMap, dtype: Dtype, buffers = 0): Uint8Array {
  if (dtype === 'F32' && buffers === 0) return encodeSafetensors(tensors, { format: 'pt' });
  const entries: { name: string; dtype: Dtype | 'BOOL'; shape: number[]; values: ArrayLike<number> }[] = Object.entries(tensors).map(([name, t]) => ({ name, dtype, shape: t.shape, values: t.data }));
  for (let l = 0; l < buffers; l++) {
    entries.push({ name: `blocks.${l}.attn.mask`, dtype: 'BOOL', shape: [3, 3], values: [1, 0, 0, 1, 1, 0, 1, 1, 1] });
    entries.push({ name: `blocks.${l}.attn.IGNORE`, dtype: 'F32', shape: [], values: [-1e5] });
  }
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const e of entries) {
    const bytes = e.values.length * WIDTH[e.dtype];
    header[e.name] = { dtype: e.dtype, shape: e.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const e of entries) {
    for (let i = 0; i < e.values.length; i++, at += WIDTH[e.dtype]) {
      const x = e.values[i];
      if (e.dtype === 'F32') view.setFloat32(at, x, true);
      else if (e.dtype === 'F64') view.setFloat64(at, x, true);
      else if (e.dtype === 'F16') view.setUint16(at, halfBits(x), true);
      else if (e.dtype === 'BF16') view.setUint16(at, new Uint32Array(new Float32Array([x]).buffer)[0] >>> 16, true);
      else view.setUint8(at, x);
    }
  }
  return out;
}

/** A TransformerLens model of `spec`'s architecture: config, weights in `dtype` with biases and buffers, and the lab's weights. */
export function tlFixture(spec: TransformerSpec, dtype: Dtype = 'F32', bK?: Float32Array) {
  const weights = gridWeights(spec);
  const biases = tlBiases(spec, bK ? { 'blocks.0.attn.b_K': bK } : {});
  return { config: tlConfig(spec), bytes: encodeAs({ ...weights, ...biases }, dtype, spec.nLayers), weights };
}

/**
 * Logits [p] of one input [a, b, =] computed as TransformerLens computes them, in plain float64 JS from the
 * TransformerLens-named tensors, every bias included (an independent check of the lab's forward pass and of what
 * loading may drop). One layer or more; no LayerNorm; causal attention scaled by 1/sqrt(d_head).
 */
export function tlLogitsPlain(t: WeightMap, spec: TransformerSpec, a: number, b: number): number[] {
  const { dModel: d, nHeads: H, dMlp: m, p } = spec;
  const dh = d / H;
  const w = (name: string) => t[name].data;
  const bias = (name: string, n: number) => t[name]?.data ?? new Float32Array(n);
  let resid = [a, b, p].map((tok, pos) => Array.from({ length: d }, (_, i) => w('embed.W_E')[tok * d + i] + w('pos_embed.W_pos')[pos * d + i]));
  for (let l = 0; l < spec.nLayers; l++) {
    const at = (n: string) => `blocks.${l}.${n}`;
    const proj = (W: Float32Array, B: Float32Array, x: number[], h: number) =>
      Array.from({ length: dh }, (_, j) => B[h * dh + j] + x.reduce((s, xi, i) => s + xi * W[(h * d + i) * dh + j], 0));
    const attnOut = resid.map(() => new Array(d).fill(0) as number[]);
    for (let h = 0; h < H; h++) {
      const q = resid.map((x) => proj(w(at('attn.W_Q')), bias(at('attn.b_Q'), H * dh), x, h));
      const k = resid.map((x) => proj(w(at('attn.W_K')), bias(at('attn.b_K'), H * dh), x, h));
      const v = resid.map((x) => proj(w(at('attn.W_V')), bias(at('attn.b_V'), H * dh), x, h));
      for (let i = 0; i < 3; i++) {
        const scores = k.slice(0, i + 1).map((kj) => kj.reduce((s, x, c) => s + x * q[i][c], 0) / Math.sqrt(dh));
        const max = Math.max(...scores);
        const e = scores.map((s) => Math.exp(s - max));
        const z = new Array(dh).fill(0).map((_, c) => e.reduce((s, ej, j) => s + ej * v[j][c], 0) / e.reduce((s, x) => s + x, 0));
        for (let o = 0; o < d; o++) attnOut[i][o] += z.reduce((s, zc, c) => s + zc * w(at('attn.W_O'))[(h * dh + c) * d + o], 0);
      }
    }
    const bO = bias(at('attn.b_O'), d);
    resid = resid.map((x, i) => x.map((xi, o) => xi + attnOut[i][o] + bO[o]));
    resid = resid.map((x) => {
      const post = Array.from({ length: m }, (_, j) => Math.max(0, w(at('mlp.b_in'))[j] + x.reduce((s, xi, i) => s + xi * w(at('mlp.W_in'))[i * m + j], 0)));
      return x.map((xi, o) => xi + w(at('mlp.b_out'))[o] + post.reduce((s, pj, j) => s + pj * w(at('mlp.W_out'))[j * d + o], 0));
    });
  }
  const bU = bias('unembed.b_U', p);
  return Array.from({ length: p }, (_, c) => bU[c] + resid[2].reduce((s, x, i) => s + x * w('unembed.W_U')[i * p + c], 0));
}
