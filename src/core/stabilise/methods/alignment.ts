import * as tf from '../../tf.ts';
import { matchToReference } from '../matching.ts';
import { alignmentTerm } from '../terms.ts';
import { type Stabiliser, type StabiliserContext, type StabiliserPlan, requireReferences } from './stabiliser.ts';
import { stabiliserInfo } from '../methodInfo.ts';

/** Re-matches every `rematchEvery` steps (Hungarian, on the host) and pulls matched unit rows together in between. */
function alignmentPlan(ctx: StabiliserContext): StabiliserPlan {
  const refs = requireReferences(ctx);
  const { alpha, rematchEvery } = ctx.stab;
  const matched = new Map<number, { targets: tf.Tensor2D; mask: tf.Tensor2D }>(); // per seed index: [n, d] and [n, 1]
  return {
    beforeStep: async (t, trainer, seedIndices) => {
      if ((t - 1) % rematchEvery !== 0) return;
      const ws = await trainer.weights();
      seedIndices.forEach((seedIndex, j) => {
        const { dSae: n, dIn: d } = ws[j];
        const ref = refs[seedIndex];
        const m = matchToReference(ws[j].W_dec, n, ref.W_dec, ref.dSae, d);
        const old = matched.get(seedIndex);
        if (old) tf.dispose([old.targets, old.mask]);
        matched.set(seedIndex, { targets: tf.tensor2d(m.targets, [n, d]), mask: tf.tensor2d(m.mask, [n, 1]) });
      });
    },
    extraTerm: (_t, seedIndices) => {
      const parts = seedIndices.map((i) => matched.get(i));
      if (parts.some((x) => !x)) throw new Error('alignment: a seed has not been matched to its reference (beforeStep did not run)');
      return (p) => tf.mul(alpha, alignmentTerm(p.Wdec, tf.stack(parts.map((x) => x!.targets)), tf.stack(parts.map((x) => x!.mask)))) as tf.Scalar;
    },
    // After a multiple of rematchEvery the next step re-matches anyway: nothing of the old matching is needed.
    resumableAfter: (t) => t % rematchEvery === 0,
    dispose: () => matched.forEach((x) => tf.dispose([x.targets, x.mask])),
  };
}

export const alignment: Stabiliser = {
  ...stabiliserInfo.alignment,
  plan: alignmentPlan,
};
