import { mutualTerm } from '../terms.ts';
import { type Stabiliser, weighted } from './stabiliser.ts';

/** Mutual feature regularisation (Marks et al. 2024): the SAEs of a group train together and are pulled to agree. */
export const mutual: Stabiliser = {
  name: 'mutual', summary: 'SAEs trained together in groups, each pulled towards its best matches in the others',
  source: 'Marks et al. 2024, mutual feature regularisation', knobs: ['alpha', 'groupSize', 'init'],
  needsReference: false, trainsTogether: true, sharedByConstruction: false,
  plan: (ctx) => ({ extraTerm: weighted(ctx.stab.alpha, (p) => mutualTerm(p.Wdec)), dispose: () => {} }),
};
