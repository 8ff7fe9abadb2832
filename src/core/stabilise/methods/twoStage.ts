import { consistencyPlan } from './consistency.ts';
import type { Stabiliser } from './stabiliser.ts';
import { stabiliserInfo } from '../methodInfo.ts';

/** Two-stage training: reconstruction only for the first `stageOneFraction` of the steps, then the consistency term. */
export const twoStage: Stabiliser = {
  ...stabiliserInfo.twoStage,
  plan: (ctx) => consistencyPlan(ctx, Math.floor(ctx.stab.stageOneFraction * ctx.totalSteps) + 1),
};
