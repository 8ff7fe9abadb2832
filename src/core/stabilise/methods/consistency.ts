import * as tf from '../../tf.ts';
import { consistencyTerm } from '../terms.ts';
import { type Stabiliser, type StabiliserContext, type StabiliserPlan, requireReferences } from './stabiliser.ts';
import { stabiliserInfo } from '../methodInfo.ts';

/** consistencyTerm × α towards each seed's reference decoder, from (1-based) step `from` on. */
export function consistencyPlan(ctx: StabiliserContext, from: number): StabiliserPlan {
  const refs = requireReferences(ctx).map((r) => tf.tensor2d(r.W_dec, [r.dSae, r.dIn])); // [m, d] each, kept until dispose
  const alpha = ctx.stab.alpha;
  return {
    extraTerm: (t, seedIndices) => (t < from ? null : (p) => tf.mul(alpha, consistencyTerm(p.Wdec, tf.stack(seedIndices.map((i) => refs[i])))) as tf.Scalar),
    dispose: () => tf.dispose(refs),
  };
}

/** The plan's `train_with_consistency`: reconstruction + α · (1 − mean max-|cos| to the reference) from the first step. */
export const consistency: Stabiliser = {
  ...stabiliserInfo.consistency,
  plan: (ctx) => consistencyPlan(ctx, 1),
};
