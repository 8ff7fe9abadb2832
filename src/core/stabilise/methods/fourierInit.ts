import { fourierDirections, placeDecoderRows } from '../fourierInit.ts';
import type { Stabiliser, StabiliserContext, StabiliserPlan } from './stabiliser.ts';
import { stabiliserInfo } from '../methodInfo.ts';

function fourierPlan(ctx: StabiliserContext): StabiliserPlan {
  if (!ctx.fourier) throw new Error('Fourier initialisation needs the transformer\'s p and key frequencies');
  const { directions, m } = fourierDirections(ctx.acts, ctx.fourier.p, ctx.fourier.keyFrequencies, ctx.stab.fourierVariables);
  return { editInit: (w) => placeDecoderRows(w, directions, m), fixedRows: Math.min(m, ctx.sae.expansion * ctx.acts.cols), dispose: () => {} };
}

/** The first decoder rows start at the key-frequency directions in activation space (the same for every seed). */
export const fourierInit: Stabiliser = {
  ...stabiliserInfo.fourierInit,
  plan: fourierPlan,
};
