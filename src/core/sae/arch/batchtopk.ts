/**
 * BatchTopK (Bussmann, Leask, Nanda 2024): in training, the k·B largest activations of a batch of B rows survive
 * (k per row on average, more where a row needs more); everything else is TopK's (unit-norm decoder, batch-FVU loss,
 * AuxK). At inference a batch is not at hand: a latent fires where its pre-activation exceeds one threshold θ,
 * estimated as SAELens does — after each step θ ← (1 − r) θ + r · (the smallest positive code of the batch), from
 * θ = 0 — and exported as SAELens does: as a JumpReLU SAE with `threshold` = θ for every latent.
 */
import type * as TF from '../../tf.ts';
import type { FieldValues, NumberField } from '../../spec/fields.ts';
import type { SaeSpecOf } from '../../spec/sae.ts';
import { defineArchitecture } from '../architecture.ts';
import { thresholdCodes } from './jumprelu.ts';
import { checkK, topkFields, unitDecoderMath } from './topk.ts';

export const batchtopkFields = {
  ...topkFields,
  thresholdRate: {
    kind: 'float', label: 'threshold rate', min: 1e-4, max: 1, default: 0.01, log: true,
    doc: 'BatchTopK: rate r of the moving average that estimates the inference threshold (SAELens topk_threshold_lr)',
  } satisfies NumberField,
};

/** Added to zero codes so that the minimum over a batch picks the smallest positive one. */
const NOT_POSITIVE = 1e30;

/** BatchTopK's knobs in a spec (`SaeSpecOf<'batchtopk'>`): TopK's and the threshold rate. */
export type BatchtopkKnobs = FieldValues<typeof batchtopkFields>;

export const batchtopk = defineArchitecture<SaeSpecOf<'batchtopk'>>({
  name: 'batchtopk',
  label: 'BatchTopK',
  doc: 'the k·B largest activations over a batch of B (Bussmann et al. 2024), a learned threshold at inference',
  fields: batchtopkFields,
  mainKeys: ['k'],
  advancedKeys: ['auxK', 'auxKCoef', 'kAux', 'thresholdRate'],
  check: checkK,
  targetL0: (spec) => spec.k,
  variant: (spec) => `k${spec.k}`,
  reportKnobs: (spec) => ({ k: spec.k }),
  decoderInitNorm: 1,
  threshold: { trainable: false, initial: () => 0 },
  saeLens: { name: 'jumprelu', cfg: () => ({}) },
  math(kit) {
    const { tf, ops } = kit;
    const unit = unitDecoderMath(kit);
    return {
      activate(pre, spec) {
        const [S, B, n] = pre.shape;
        return ops.topkRelu(pre.reshape([S, 1, B * n]), spec.k * B).reshape([S, B, n]) as TF.Tensor3D;
      },
      infer: (pre, _spec, threshold) => thresholdCodes(kit, pre, threshold!),
      usesDeadLatents: unit.usesDeadLatents,
      loss: (ctx) => tf.sum(tf.add(unit.reconstruction(ctx), unit.auxK(ctx))) as TF.Scalar,
      adjustGradients: unit.adjustGradients,
      afterStep(params, z, spec) {
        unit.renormalise(params);
        tf.tidy(() => {
          const theta = params.threshold!; // [S, 1, n], every latent the same
          const S = z!.shape[0];
          const codes = z!.reshape([S, -1]);
          const positive = tf.step(codes);
          const smallest = tf.min(tf.add(codes, tf.mul(tf.sub(1, positive), NOT_POSITIVE)), 1).reshape([S, 1, 1]);
          const any = tf.max(positive, 1).reshape([S, 1, 1]); // a batch without positive codes leaves θ alone
          theta.assign(tf.add(theta, tf.mul(tf.mul(any, spec.thresholdRate), tf.sub(smallest, theta))));
        });
      },
    };
  },
});
