import { RunControl } from '../train/loop.ts';
import { type StepLoopSummary, runStepLoop } from '../train/stepLoop.ts';
import type { SaeMetrics } from './metrics.ts';
import type { SaeTrainer } from './trainer.ts';

export interface SaeRunSummary extends StepLoopSummary<SaeMetrics> {
  totalSteps: number;
}

/** Trains every seed to spec.epochs (or until stopped), evaluating at the start, every spec.evalEvery steps and at
 * the end. */
export async function runSaeTraining(
  trainer: SaeTrainer,
  onEval: (m: SaeMetrics) => void,
  control: RunControl = new RunControl(),
): Promise<SaeRunSummary> {
  const summary = await runStepLoop(trainer, trainer.totalSteps, trainer.spec.evalEvery, onEval, control);
  return { ...summary, totalSteps: trainer.totalSteps };
}
