/**
 * ReLU + L1 (Anthropic, April 2024 update): loss = ||x − x̂||² + λ Σ_i z_i ||W_dec[i]||, on data scaled so that
 * the mean row norm is sqrt(d_in); decoder rows start at norm 0.1 and are free to grow (the penalty is weighted by
 * them, so shrinking z while growing W_dec gains nothing).
 */
import type * as TF from '../../tf.ts';
import type { FieldValues, NumberField } from '../../spec/fields.ts';
import type { SaeSpecOf } from '../../spec/sae.ts';
import { defineArchitecture } from '../architecture.ts';

export const reluFields = {
  // λ = 1 by measurement: on a grokked p = 113, d_model 128 transformer (blocks.0.hook_resid_post, '=', 8x, lr 1e-3,
  // 20 epochs of batch 256) λ = 1 gave L0 ≈ 44 at FVU ≈ 0.09 (near the plan's TopK k = 32); λ = 3 gave L0 ≈ 16 at
  // FVU ≈ 0.37; λ = 10 killed every latent. The data scaling (mean norm sqrt(d_in)) makes λ comparable across hooks.
  l1: {
    kind: 'float', label: 'λ (L1)', log: true, min: 1e-4, max: 100, default: 1,
    doc: 'ReLU: weight of Σ z_i·||W_dec_i|| against the summed squared error, on data scaled to mean norm sqrt(d_in)',
  } satisfies NumberField,
  l1WarmupFraction: { kind: 'float', label: 'λ warm-up', doc: 'ReLU: fraction of training over which λ rises linearly from 0', min: 0, max: 1, default: 0.05 } satisfies NumberField,
};

/** ReLU's knobs in a spec (`SaeSpecOf<'relu'>`). */
export type ReluKnobs = FieldValues<typeof reluFields>;

export const relu = defineArchitecture<SaeSpecOf<'relu'>>({
  name: 'relu',
  label: 'ReLU + L1',
  doc: 'ReLU with an L1 penalty (Anthropic, Apr 2024)',
  fields: reluFields,
  mainKeys: ['l1'],
  advancedKeys: ['l1WarmupFraction'],
  penalty: { field: 'l1', coef: (spec) => spec.l1, warmupFraction: (spec) => spec.l1WarmupFraction },
  variant: (spec) => `l1-${spec.l1}`,
  reportKnobs: (spec) => ({ l1: spec.l1 }),
  decoderInitNorm: 0.1,
  saeLens: {
    name: 'standard',
    cfg: () => ({}),
    read(cfg) {
      const fn = cfg.activation_fn_str ?? cfg.activation_fn;
      return (cfg.architecture ?? 'standard') === 'standard' && (fn === undefined || fn === 'relu') ? {} : null;
    },
  },
  math({ tf, ops }) {
    const { sumLast, sumPerSeed, sumRows } = ops;
    return {
      activate: (pre) => tf.relu(pre),
      loss({ x, fwd, params, mode, penalty }) {
        const B = x.shape[1];
        const recon = sumPerSeed(tf.square(tf.sub(x, fwd.xHat))); // [S]
        // Σ_rows Σ_i z_i·||W_dec[i]|| as (Σ_rows z) · norms: the broadcast product's gradient would reduce over rows.
        const [S, n] = params.Wdec.shape;
        const norms = tf.sqrt(sumLast(tf.square(params.Wdec))).reshape([S, 1, n]); // ||W_dec[i]||: [S, 1, n]
        const sparsity = sumPerSeed(tf.mul(sumRows(fwd.z, mode), norms)); // [S]
        return tf.div(tf.sum(tf.add(recon, tf.mul(sparsity, penalty))), B) as TF.Scalar;
      },
      adjustGradients: (_params, grads) => grads,
      afterStep: () => {},
    };
  },
});
