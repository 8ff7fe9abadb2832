import { tiedTerm } from '../terms.ts';
import { type Stabiliser, weighted } from './stabiliser.ts';

/** W_enc = W_decᵀ at the start (the lab's default init) and a penalty that keeps the tie during training. */
export const tiedInit: Stabiliser = {
  name: 'tiedInit', summary: 'encoder = decoderᵀ at the start (the default init) and α · ||W_enc − W_decᵀ||² after',
  source: 'W_enc = W_decᵀ at init: Gao et al. 2024; the penalty is a soft tie, this lab\'s variant', knobs: ['alpha', 'init'],
  needsReference: false, trainsTogether: false, sharedByConstruction: false,
  plan: (ctx) => ({ extraTerm: weighted(ctx.stab.alpha, (p) => tiedTerm(p.Wenc, p.Wdec)), dispose: () => {} }),
};
