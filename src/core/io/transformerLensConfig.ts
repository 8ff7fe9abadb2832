/**
 * A TransformerLens `config.json` (HookedTransformerConfig keys) read as the lab's architecture. Only a model the
 * lab's forward pass computes exactly is accepted (SCIENCE.md §1): one or two blocks, learned positions, causal
 * attention scaled by 1/sqrt(d_head), ReLU MLP, no LayerNorm, inputs [a, b, =] (n_ctx 3, d_vocab = p + 1,
 * d_vocab_out = p). Everything else is refused with the key, its value and why. Keys that change nothing the lab
 * computes (seed, device, dtype, init settings, model_name, …) are ignored.
 */
import { SpecError } from '../spec/fields.ts';
import { transformerFields } from '../spec/transformer.ts';

/** The architecture a config.json describes, in the lab's terms. */
export interface TransformerArchitecture {
  p: number;
  nLayers: number;
  dModel: number;
  nHeads: number;
  dMlp: number;
}

type Config = Record<string, unknown>;

const REQUIRED_INTS = ['n_layers', 'd_model', 'n_heads', 'd_head', 'd_mlp', 'd_vocab', 'd_vocab_out', 'n_ctx'] as const;

const show = (v: unknown) => JSON.stringify(v);

/**
 * Optional TransformerLens keys that would change the forward pass: each is accepted only at the value (or one of
 * the values) the lab computes; the function returns why not otherwise. TransformerLens's own defaults pass.
 */
const FORWARD_KEYS: Record<string, (v: unknown, cfg: Config) => string | null> = {
  attn_only: (v) => (v === false ? null : 'a model without MLP layers is not the lab\'s'),
  positional_embedding_type: (v) => (v === 'standard' ? null : 'the lab learns its positional embedding ("standard")'),
  attention_dir: (v) => (v === 'causal' ? null : 'the lab\'s attention is causal'),
  parallel_attn_mlp: (v) => (v === false ? null : 'the lab runs the MLP after attention, not beside it'),
  gated_mlp: (v) => (v === false ? null : 'the lab\'s MLP is not gated'),
  use_attn_scale: (v) => (v === true ? null : 'the lab scales attention scores by 1/sqrt(d_head)'),
  attn_scale: (v, cfg) => {
    const want = Math.sqrt(Number(cfg.d_head));
    return v === -1 || (typeof v === 'number' && Math.abs(v - want) <= 1e-6 * want) ? null : `the lab divides attention scores by sqrt(d_head) = ${want}`;
  },
  scale_attn_by_inverse_layer_idx: (v, cfg) => (v === false || cfg.n_layers === 1 ? null : 'the lab does not scale later layers\' attention down'),
  n_key_value_heads: (v, cfg) => (v === null || v === cfg.n_heads ? null : 'grouped-query attention is not the lab\'s'),
  num_experts: (v) => (v === null ? null : 'mixture-of-experts MLPs are not the lab\'s'),
  use_local_attn: (v) => (v === false ? null : 'local attention is not the lab\'s'),
  final_rms: (v) => (v === false ? null : 'the lab has no normalisation'),
  use_qk_norm: (v) => (v === false ? null : 'the lab has no normalisation'),
  post_embedding_ln: (v) => (v === false ? null : 'the lab has no LayerNorm'),
  use_normalization_before_and_after: (v) => (v === false ? null : 'the lab has no normalisation'),
  output_logits_soft_cap: (v) => (typeof v === 'number' && v <= 0 ? null : 'the lab does not cap its logits'),
  attn_scores_soft_cap: (v) => (typeof v === 'number' && v <= 0 ? null : 'the lab does not cap attention scores'),
};

/** Reads the architecture out of a parsed config.json; throws SpecError saying which key is wrong and why. */
export function architectureOf(raw: unknown): TransformerArchitecture {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SpecError('config.json must hold a JSON object (TransformerLens config keys)');
  const cfg = raw as Config;
  const missing = REQUIRED_INTS.filter((k) => !(k in cfg));
  for (const k of ['act_fn', 'normalization_type']) if (!(k in cfg)) missing.push(k as (typeof REQUIRED_INTS)[number]);
  if (missing.length > 0) throw new SpecError(`config.json lacks ${missing.join(', ')} (TransformerLens keys: n_layers, d_model, n_heads, d_head, d_mlp, d_vocab, d_vocab_out, n_ctx, act_fn, normalization_type)`);
  if (cfg.d_vocab_out === -1) {
    throw new SpecError(`config.json: d_vocab_out is -1 (TransformerLens: as many outputs as d_vocab, ${show(cfg.d_vocab)}); the lab predicts p = d_vocab − 1 classes, so d_vocab_out must be d_vocab − 1`);
  }
  for (const k of REQUIRED_INTS) {
    const v = cfg[k];
    if (!Number.isInteger(v) || (v as number) < 1) throw new SpecError(`config.json: ${k} must be a positive integer; got ${show(v)}`);
  }
  const n = (k: (typeof REQUIRED_INTS)[number]) => cfg[k] as number;
  if (cfg.normalization_type !== null) {
    throw new SpecError(`config.json: normalization_type is ${show(cfg.normalization_type)}; the lab's transformer has no LayerNorm (SCIENCE.md §1), so only normalization_type null is loaded`);
  }
  if (cfg.act_fn !== 'relu') throw new SpecError(`config.json: act_fn is ${show(cfg.act_fn)}; the lab's MLP uses relu`);
  if (n('n_ctx') !== 3) throw new SpecError(`config.json: n_ctx is ${n('n_ctx')}; the lab's inputs are [a, b, =], n_ctx 3`);
  const p = n('d_vocab') - 1;
  if (n('d_vocab_out') !== p) throw new SpecError(`config.json: d_vocab_out is ${n('d_vocab_out')}; with d_vocab ${n('d_vocab')} (p = ${p} and the token "=") it must be p = ${p}`);
  if (n('d_head') * n('n_heads') !== n('d_model')) {
    throw new SpecError(`config.json: d_head ${n('d_head')} × n_heads ${n('n_heads')} ≠ d_model ${n('d_model')}; the lab's heads split d_model evenly`);
  }
  for (const [key, check] of Object.entries(FORWARD_KEYS)) {
    if (!(key in cfg)) continue;
    const why = check(cfg[key], cfg);
    if (why) throw new SpecError(`config.json: ${key} is ${show(cfg[key])}; ${why}`);
  }
  const arch = { p, nLayers: n('n_layers'), dModel: n('d_model'), nHeads: n('n_heads'), dMlp: n('d_mlp') };
  for (const [key, tlKey] of [['p', 'd_vocab − 1'], ['nLayers', 'n_layers'], ['dModel', 'd_model'], ['nHeads', 'n_heads'], ['dMlp', 'd_mlp']] as const) {
    const f = transformerFields[key];
    if (f.kind === 'int' && (arch[key] < f.min || arch[key] > f.max)) {
      throw new SpecError(`config.json: ${tlKey} is ${arch[key]}; the lab runs ${f.label} from ${f.min} to ${f.max}`);
    }
  }
  return arch;
}
