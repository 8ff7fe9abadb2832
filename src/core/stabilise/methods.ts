import type { StabiliserName } from './spec.ts';
import { alignment } from './methods/alignment.ts';
import { consistency } from './methods/consistency.ts';
import { dataInit } from './methods/dataInit.ts';
import { fourierInit } from './methods/fourierInit.ts';
import { mutual } from './methods/mutual.ts';
import { plain } from './methods/plain.ts';
import type { Stabiliser } from './methods/stabiliser.ts';
import { tiedInit } from './methods/tiedInit.ts';
import { twoStage } from './methods/twoStage.ts';

export type { Stabiliser, StabiliserContext, StabiliserPlan } from './methods/stabiliser.ts';

/** Every stabiliser by name (one file each under methods/); the spec's `method` picks one and is saved with results. */
export const stabilisers: Readonly<Record<StabiliserName, Stabiliser>> = { plain, consistency, twoStage, alignment, fourierInit, mutual, tiedInit, dataInit };

export function getStabiliser(name: string): Stabiliser {
  const s = stabilisers[name as StabiliserName];
  if (!s) throw new Error(`unknown stabiliser "${name}"; known: ${Object.keys(stabilisers).join(', ')}`);
  return s;
}
