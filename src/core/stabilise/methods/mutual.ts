import { mutualTerm } from '../terms.ts';
import { type Stabiliser, weighted } from './stabiliser.ts';
import { stabiliserInfo } from '../methodInfo.ts';

/** Mutual feature regularisation (Marks et al. 2024): the SAEs of a group train together and are pulled to agree. */
export const mutual: Stabiliser = {
  ...stabiliserInfo.mutual,
  plan: (ctx) => ({ extraTerm: weighted(ctx.stab.alpha, (p) => mutualTerm(p.Wdec)), dispose: () => {} }),
};
