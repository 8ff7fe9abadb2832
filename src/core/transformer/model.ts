import * as tf from '../tf.ts';
import { embedRows, linear, sumLastAxis } from '../linalg.ts';
import { causalAttention } from './attention.ts';
import { type TransformerSpec, dHead } from '../spec/transformer.ts';
import { type WeightMap, fusedToHeads, headsToFused, weightShapes } from './weights.ts';

type CustomGradFn = Parameters<typeof tf.customGrad>[0];

/**
 * The modular-addition transformer of SCIENCE.md §1: learned positions, causal attention scaled by 1/sqrt(d_head),
 * no LayerNorm, ReLU MLP with biases, untied unembed. Weights live as tf.Variables; attention projections are kept
 * fused as [d_model, H*d_head] so each is one matMul, and converted to TransformerLens layout at the boundary.
 */
export interface Block {
  Wq: tf.Variable; // [d_model, H*dh]
  Wk: tf.Variable; // [d_model, H*dh]
  Wv: tf.Variable; // [d_model, H*dh]
  Wo: tf.Variable; // [H*dh, d_model]
  Win: tf.Variable; // [d_model, d_mlp]
  bIn: tf.Variable; // [d_mlp]
  Wout: tf.Variable; // [d_mlp, d_model]
  bOut: tf.Variable; // [d_model]
}

export interface Params {
  WE: tf.Variable; // [p+1, d_model]
  Wpos: tf.Variable; // [3, d_model]
  blocks: Block[];
  WU: tf.Variable; // [d_model, p]
}

/** TransformerLens hook names this model can return (per layer l), with their shapes for a batch of B inputs. */
export type HookName =
  | 'hook_embed' // [B, 3, d_model]
  | 'hook_pos_embed' // [B, 3, d_model]
  | `blocks.${number}.hook_resid_pre` // [B, 3, d_model]
  | `blocks.${number}.attn.hook_pattern` // [B, H, 3, 3]
  | `blocks.${number}.hook_attn_out` // [B, 3, d_model]
  | `blocks.${number}.hook_resid_mid` // [B, 3, d_model]
  | `blocks.${number}.mlp.hook_post` // [B, 3, d_mlp]
  | `blocks.${number}.hook_mlp_out` // [B, 3, d_model]
  | `blocks.${number}.hook_resid_post`; // [B, 3, d_model]

export type Cache = Map<string, tf.Tensor>;

export class Transformer {
  readonly params: Params;

  constructor(readonly spec: TransformerSpec, weights: WeightMap) {
    const s = spec;
    const dh = dHead(s);
    // Variables are left unnamed: tfjs names must be globally unique and several models may coexist.
    const v = (_name: string, data: Float32Array, shape: number[]) => tf.tidy(() => tf.variable(tf.tensor(data, shape), true));
    const w = (name: string) => weights[name].data;
    this.params = {
      WE: v('W_E', w('embed.W_E'), [s.p + 1, s.dModel]),
      Wpos: v('W_pos', w('pos_embed.W_pos'), [3, s.dModel]),
      blocks: Array.from({ length: s.nLayers }, (_, l) => {
        const fused = (n: string) => headsToFused(w(`blocks.${l}.attn.${n}`), s.nHeads, s.dModel, dh);
        return {
          Wq: v(`b${l}.Wq`, fused('W_Q'), [s.dModel, s.nHeads * dh]),
          Wk: v(`b${l}.Wk`, fused('W_K'), [s.dModel, s.nHeads * dh]),
          Wv: v(`b${l}.Wv`, fused('W_V'), [s.dModel, s.nHeads * dh]),
          // [H, dh, d_model] and [H*dh, d_model] share one row-major layout.
          Wo: v(`b${l}.Wo`, w(`blocks.${l}.attn.W_O`), [s.nHeads * dh, s.dModel]),
          Win: v(`b${l}.Win`, w(`blocks.${l}.mlp.W_in`), [s.dModel, s.dMlp]),
          bIn: v(`b${l}.bIn`, w(`blocks.${l}.mlp.b_in`), [s.dMlp]),
          Wout: v(`b${l}.Wout`, w(`blocks.${l}.mlp.W_out`), [s.dMlp, s.dModel]),
          bOut: v(`b${l}.bOut`, w(`blocks.${l}.mlp.b_out`), [s.dModel]),
        };
      }),
      WU: v('W_U', w('unembed.W_U'), [s.dModel, s.p]),
    };
  }

  /** Every trainable variable, in a fixed order (the optimiser's state follows it). */
  variables(): tf.Variable[] {
    const { WE, Wpos, blocks, WU } = this.params;
    return [WE, Wpos, ...blocks.flatMap((b) => [b.Wq, b.Wk, b.Wv, b.Wo, b.Win, b.bIn, b.Wout, b.bOut]), WU];
  }

  /**
   * Logits at the last position [B, p] for tokens [B, 3] (int32). Hooks named in `want` are stored in `cache`
   * (the caller owns and disposes them; call inside tf.tidy only if you keep them with tf.keep).
   */
  forward(tokens: tf.Tensor2D, want?: ReadonlySet<string>, cache?: Cache): tf.Tensor2D {
    const s = this.spec;
    const dh = dHead(s);
    const B = tokens.shape[0];
    const hook = (name: string, t: tf.Tensor) => {
      if (want?.has(name) && cache) cache.set(name, tf.keep(t.clone()));
    };
    const embed = embedRows(tokens.reshape([-1]), this.params.WE).reshape([B, 3, s.dModel]);
    hook('hook_embed', embed);
    if (want?.has('hook_pos_embed')) hook('hook_pos_embed', tf.broadcastTo(this.params.Wpos, [B, 3, s.dModel]));
    let resid: tf.Tensor = tf.add(embed, this.params.Wpos); // [B, 3, d_model]
    const lastLayer = s.nLayers - 1;
    this.params.blocks.forEach((blk, l) => {
      hook(`blocks.${l}.hook_resid_pre`, resid);
      // Only the last position feeds the loss, so the final block needs queries, MLP and residual there alone
      // (about half the FLOPs of a step) unless a hook of that block was asked for.
      const lastOnly = l === lastLayer && ![...(want ?? [])].some((h) => h.startsWith(`blocks.${l}.`));
      const nq = lastOnly ? 1 : 3;
      const queries = lastOnly ? resid.slice([0, 2, 0], [B, 1, s.dModel]) : resid; // [B, nq, d_model]
      const heads = (t: tf.Tensor, n: number) => t.reshape([B, n, s.nHeads, dh]) as tf.Tensor4D;
      const q = heads(linear(queries, blk.Wq as tf.Tensor2D), nq); // [B, nq, H, dh]
      const k = heads(linear(resid, blk.Wk as tf.Tensor2D), 3); // [B, 3, H, dh]
      const v = heads(linear(resid, blk.Wv as tf.Tensor2D), 3);
      const patternName = `blocks.${l}.attn.hook_pattern`;
      const { z, pattern } = causalAttention(q, k, v, lastOnly ? [2] : [0, 1, 2], !!want?.has(patternName));
      if (pattern) hook(patternName, pattern);
      const attnOut = linear(z.reshape([B, nq, s.nHeads * dh]), blk.Wo as tf.Tensor2D); // [B, nq, d_model]
      hook(`blocks.${l}.hook_attn_out`, attnOut);
      resid = tf.add(queries, attnOut);
      hook(`blocks.${l}.hook_resid_mid`, resid);
      const post = tf.relu(tf.add(linear(resid, blk.Win as tf.Tensor2D), blk.bIn)); // [B, nq, d_mlp]
      hook(`blocks.${l}.mlp.hook_post`, post);
      const mlpOut = tf.add(linear(post, blk.Wout as tf.Tensor2D), blk.bOut); // [B, nq, d_model]
      hook(`blocks.${l}.hook_mlp_out`, mlpOut);
      resid = tf.add(resid, mlpOut);
      hook(`blocks.${l}.hook_resid_post`, resid);
    });
    const last = resid.slice([0, (resid.shape[1] as number) - 1, 0], [B, 1, s.dModel]).reshape([B, s.dModel]);
    return linear(last, this.params.WU as tf.Tensor2D) as tf.Tensor2D; // [B, p]
  }

  /** Weights in TransformerLens layout (async read: safe on WebGPU). */
  async weights(): Promise<WeightMap> {
    const s = this.spec;
    const dh = dHead(s);
    const { WE, Wpos, blocks, WU } = this.params;
    const vars: [string, tf.Variable, ((d: Float32Array) => Float32Array)?][] = [
      ['embed.W_E', WE],
      ['pos_embed.W_pos', Wpos],
    ];
    const unfuse = (d: Float32Array) => fusedToHeads(d, s.nHeads, s.dModel, dh);
    blocks.forEach((b, l) => {
      vars.push(
        [`blocks.${l}.attn.W_Q`, b.Wq, unfuse],
        [`blocks.${l}.attn.W_K`, b.Wk, unfuse],
        [`blocks.${l}.attn.W_V`, b.Wv, unfuse],
        [`blocks.${l}.attn.W_O`, b.Wo],
        [`blocks.${l}.mlp.W_in`, b.Win],
        [`blocks.${l}.mlp.b_in`, b.bIn],
        [`blocks.${l}.mlp.W_out`, b.Wout],
        [`blocks.${l}.mlp.b_out`, b.bOut],
      );
    });
    vars.push(['unembed.W_U', WU]);
    const shapes = new Map(weightShapes(s));
    const out: WeightMap = {};
    for (const [name, variable, convert] of vars) {
      const data = (await variable.data()) as Float32Array;
      out[name] = { shape: shapes.get(name)!, data: convert ? convert(data) : data.slice() };
    }
    return out;
  }

  dispose(): void {
    for (const v of this.variables()) v.dispose();
  }
}

/**
 * Mean cross-entropy of logits [B, p] against labels [B] (one-hot [B, p] float), shifted by each row's max for
 * stability, with its gradient (softmax − oneHot) / B written out. tfjs's logSoftmax and its gradient reduce each
 * short row four times with one 256-thread workgroup per row (~15-50 ms a call on SwiftShader WebGPU); here the row
 * max is the one such reduction, and the row sums are matMuls with a ones column.
 * Per row: loss = log Σ_j exp(x_j − max) + max − x_label.
 */
export const crossEntropy = tf.customGrad(((logits: tf.Tensor2D, oneHot: tf.Tensor2D, save: tf.GradSaveFunc) => {
  const B = logits.shape[0];
  const labelLogit = sumLastAxis(tf.mul(logits, oneHot)); // [B, 1]
  const max = tf.max(logits, 1, true); // [B, 1]
  const exps = tf.exp(tf.sub(logits, max)); // [B, p]
  const sumExp = sumLastAxis(exps); // [B, 1]
  const rowLoss = tf.sub(tf.add(tf.log(sumExp), max), labelLogit); // [B, 1]
  save([exps, sumExp, oneHot]);
  return {
    value: tf.mean(rowLoss) as tf.Scalar,
    gradFunc: (dy: tf.Scalar, saved: tf.Tensor[]) => {
      const [e, s, oh] = saved;
      const dLogits = tf.mul(tf.sub(tf.div(e, s), oh), tf.div(dy, B)); // [B, p]
      return [dLogits, tf.zerosLike(oh)];
    },
  };
}) as unknown as CustomGradFn) as unknown as (logits: tf.Tensor2D, oneHot: tf.Tensor2D) => tf.Scalar;

/** Fraction of rows whose argmax equals the label. */
export function accuracy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.mean(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')) as tf.Scalar;
}
