import { tiedTerm } from '../terms.ts';
import { type Stabiliser, weighted } from './stabiliser.ts';
import { stabiliserInfo } from '../methodInfo.ts';

/** W_enc = W_decᵀ at the start (the lab's default init) and a penalty that keeps the tie during training. */
export const tiedInit: Stabiliser = {
  ...stabiliserInfo.tiedInit,
  plan: (ctx) => ({ extraTerm: weighted(ctx.stab.alpha, (p) => tiedTerm(p.Wenc, p.Wdec)), dispose: () => {} }),
};
