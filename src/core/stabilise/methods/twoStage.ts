import { consistencyPlan } from './consistency.ts';
import type { Stabiliser } from './stabiliser.ts';

/** Two-stage training: reconstruction only for the first `stageOneFraction` of the steps, then the consistency term. */
export const twoStage: Stabiliser = {
  name: 'twoStage', summary: 'reconstruct only for the first stage, then add the consistency term',
  source: 'the research plan (two-stage training)', knobs: ['alpha', 'stageOneFraction', 'reference', 'referenceSeedOffset', 'init'],
  needsReference: true, trainsTogether: false, sharedByConstruction: false,
  plan: (ctx) => consistencyPlan(ctx, Math.floor(ctx.stab.stageOneFraction * ctx.totalSteps) + 1),
};
