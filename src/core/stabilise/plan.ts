import type { Arm } from './controls.ts';
import { stabiliserInfo } from './methodInfo.ts';
import type { StabiliserSpec } from './spec.ts';

/** What a comparison run will train, as plain data (no tensors): for its labels and its progress bar. */

/** An arm's identity from its spec: the method, its init, and a reference only where the method has one. */
export function armOf(stab: StabiliserSpec): Pick<Arm, 'method' | 'init' | 'sharedRows' | 'reference'> {
  const needs = stabiliserInfo[stab.method].needsReference;
  return { method: stab.method, init: stab.init, sharedRows: stab.init === 'sharedRows' ? stab.sharedRows : undefined, reference: needs ? stab.reference : undefined };
}

/**
 * Training steps of a comparison run over these arms: each arm trains its seeds in one trainer (in groups of
 * `groupSize` for a method that trains SAEs together), and each distinct reference assignment once more (run.ts).
 */
export function comparisonSteps(specs: StabiliserSpec[], seeds: number, stepsPerTrainer: number): number {
  const references = new Set(specs.filter((s) => stabiliserInfo[s.method].needsReference).map((s) => `${s.reference}:${s.referenceSeedOffset}`));
  const trainers = specs.reduce((n, s) => n + (stabiliserInfo[s.method].trainsTogether ? Math.ceil(seeds / s.groupSize) : 1), 0);
  return (trainers + references.size) * stepsPerTrainer;
}
