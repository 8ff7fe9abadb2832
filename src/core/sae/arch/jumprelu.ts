/**
 * JumpReLU (Rajamanoharan et al. 2024): z_i = pre_i · H(pre_i − θ_i) with a trained threshold θ per latent, and an L0
 * penalty λ Σ_i H(pre_i − θ_i). H has no useful gradient: θ takes a straight-through estimate through the rectangle
 * kernel K(u) = 1[|u| < ½] of bandwidth ε — ∂z_i/∂θ_i ≈ −(θ_i/ε) K((pre_i − θ_i)/ε) and ∂H/∂θ_i ≈ −(1/ε) K(·) —
 * while pre takes the exact gradient H(pre − θ) of the jump (SAELens' JumpReLU and Step functions).
 * Loss = batch FVU (Σ||x − x̂||² / (B · E||x − mean||²), as TopK) + λ · mean L0, so λ is the FVU one latent costs.
 * Decoder rows are kept unit norm as TopK's. θ is trained directly (SAELens trains log θ) and kept ≥ 0, so that a
 * threshold moves by about the learning rate per step from the first step on (short runs here).
 */
import type * as TF from '../../tf.ts';
import type { FieldValues, NumberField } from '../../spec/fields.ts';
import type { SaeSpecOf } from '../../spec/sae.ts';
import { type SaeKit, defineArchitecture } from '../architecture.ts';
import { unitDecoderMath } from './topk.ts';

export const jumpreluFields = {
  l0Coef: {
    kind: 'float', label: 'λ (L0)', log: true, min: 1e-6, max: 1, default: 2e-3,
    doc: 'JumpReLU: weight of the mean number of active latents against the batch FVU (the FVU one latent costs)',
  } satisfies NumberField,
  bandwidth: {
    kind: 'float', label: 'bandwidth ε', log: true, min: 1e-4, max: 10, default: 0.1,
    doc: 'JumpReLU: width of the rectangle kernel of the threshold\'s straight-through gradient (data scaled to mean norm sqrt(d_in))',
  } satisfies NumberField,
  initThreshold: {
    kind: 'float', label: 'initial threshold', log: true, min: 1e-4, max: 10, default: 0.1,
    doc: 'JumpReLU: every latent\'s threshold θ at initialisation (data scaled to mean norm sqrt(d_in))',
  } satisfies NumberField,
};

/** SAELens' JumpReLU at inference: ReLU(pre) where pre > θ, else 0. pre [S, B, n], θ [S or 1, 1, n]. */
export const thresholdCodes = ({ tf }: SaeKit, pre: TF.Tensor3D, threshold: TF.Tensor): TF.Tensor3D =>
  tf.mul(tf.relu(pre), tf.step(tf.sub(pre, threshold))) as TF.Tensor3D;

/** JumpReLU's knobs in a spec (`SaeSpecOf<'jumprelu'>`). */
export type JumpreluKnobs = FieldValues<typeof jumpreluFields>;

export const jumprelu = defineArchitecture<SaeSpecOf<'jumprelu'>>({
  name: 'jumprelu',
  label: 'JumpReLU',
  doc: 'a trained threshold per latent and an L0 penalty, straight-through gradients (Rajamanoharan et al. 2024)',
  fields: jumpreluFields,
  mainKeys: ['l0Coef'],
  advancedKeys: ['bandwidth', 'initThreshold'],
  penalty: { field: 'l0Coef', coef: (spec) => spec.l0Coef },
  variant: (spec) => `l0-${spec.l0Coef}`,
  reportKnobs: (spec) => ({ l0Coef: spec.l0Coef, bandwidth: spec.bandwidth }),
  decoderInitNorm: 1,
  threshold: { trainable: true, initial: (spec) => spec.initThreshold },
  saeLens: {
    name: 'jumprelu',
    cfg: () => ({}),
    read: (cfg) => (cfg.architecture === 'jumprelu' ? {} : null),
  },
  math(kit) {
    const { tf, ops } = kit;
    const unit = unitDecoderMath(kit);
    type Grad = Parameters<typeof tf.customGrad>[0];
    /** K((pre − θ)/ε) = 1[|pre − θ| < ε/2]: [S, B, n]. */
    const kernel = (pre: TF.Tensor, theta: TF.Tensor, eps: number) => tf.step(tf.sub(eps / 2, tf.abs(tf.sub(pre, theta))));

    /** z = pre · H(pre − θ); ∂z/∂pre = H(pre − θ), ∂z/∂θ ≈ −(θ/ε) K summed over the rows. */
    const jump = (eps: number) => tf.customGrad(((pre: TF.Tensor, theta: TF.Tensor, save: TF.GradSaveFunc) => {
      save([pre, theta]);
      return {
        value: tf.mul(pre, tf.step(tf.sub(pre, theta))),
        gradFunc: (dy: TF.Tensor, [p, t]: TF.Tensor[]) => [
          tf.mul(dy, tf.step(tf.sub(p, t))),
          tf.sum(tf.mul(tf.mul(kernel(p, t, eps), dy), tf.div(tf.neg(t), eps)), 1, true), // [S, 1, n]
        ],
      };
    }) as Grad) as (pre: TF.Tensor, theta: TF.Tensor) => TF.Tensor3D;

    /** Σ_i H(pre − θ) per row; no gradient to pre, ∂/∂θ ≈ −(1/ε) K summed over the rows. */
    const steps = (eps: number) => tf.customGrad(((pre: TF.Tensor, theta: TF.Tensor, save: TF.GradSaveFunc) => {
      save([pre, theta]);
      return {
        value: tf.step(tf.sub(pre, theta)),
        gradFunc: (dy: TF.Tensor, [p, t]: TF.Tensor[]) => [tf.zerosLike(p), tf.sum(tf.mul(tf.mul(kernel(p, t, eps), dy), -1 / eps), 1, true)],
      };
    }) as Grad) as (pre: TF.Tensor, theta: TF.Tensor) => TF.Tensor3D;

    return {
      activate: (pre, spec, threshold) => jump(spec.bandwidth)(pre, threshold!),
      infer: (pre, _spec, threshold) => thresholdCodes(kit, pre, threshold!),
      loss(ctx) {
        const { spec, fwd, params, penalty } = ctx;
        const B = fwd.pre.shape[1];
        const l0 = tf.div(ops.sumPerSeed(steps(spec.bandwidth)(fwd.pre, params.threshold!)), B); // [S]: mean active latents
        return tf.sum(tf.add(unit.reconstruction(ctx), tf.mul(l0, penalty))) as TF.Scalar;
      },
      adjustGradients: unit.adjustGradients,
      afterStep(params) {
        unit.renormalise(params);
        tf.tidy(() => params.threshold!.assign(tf.relu(params.threshold!)));
      },
    };
  },
});
