import { kmeansRows, sampledRows } from '../dataInit.ts';
import { placeDecoderRows } from '../fourierInit.ts';
import type { Stabiliser, StabiliserContext, StabiliserPlan } from './stabiliser.ts';
import { stabiliserInfo } from '../methodInfo.ts';

function dataInitPlan(ctx: StabiliserContext): StabiliserPlan {
  const cache = new Map<number, Float32Array>(); // the trainer may ask for a seed's initial weights more than once
  const { dataInit: how, kmeansIterations } = ctx.stab;
  return {
    editInit: (w, i) => {
      const seed = ctx.sae.seeds[i];
      if (!cache.has(seed)) cache.set(seed, how === 'kmeans' ? kmeansRows(ctx.acts, w.dSae, seed, kmeansIterations) : sampledRows(ctx.acts, w.dSae, seed));
      placeDecoderRows(w, cache.get(seed)!, w.dSae);
    },
    dispose: () => {},
  };
}

/** Decoder rows start at directions of the data: centred activations sampled by the seed, or k-means centroids. */
export const dataInit: Stabiliser = {
  ...stabiliserInfo.dataInit,
  plan: dataInitPlan,
};
