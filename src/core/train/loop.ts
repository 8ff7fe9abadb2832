import { type StepLoopSummary, runStepLoop } from './stepLoop.ts';
import type { TransformerMetrics, TransformerTrainer } from './transformerTrainer.ts';

/** Cooperative control of a training loop: the host flips these flags; the loop checks them between steps. */
export class RunControl {
  stopped = false;
  private pausedWaiters: (() => void)[] | null = null;

  get paused(): boolean {
    return this.pausedWaiters !== null;
  }
  pause(): void {
    this.pausedWaiters ??= [];
  }
  resume(): void {
    const waiters = this.pausedWaiters ?? [];
    this.pausedWaiters = null;
    waiters.forEach((w) => w());
  }
  stop(): void {
    this.stopped = true;
    this.resume();
  }
  /** Resolves at once when running, or when resumed/stopped. */
  untilRunning(): Promise<void> {
    return this.pausedWaiters ? new Promise((r) => this.pausedWaiters!.push(r)) : Promise.resolve();
  }
}

export interface TransformerRunSummary extends StepLoopSummary<TransformerMetrics> {
  /** First evaluated step with test accuracy ≥ 0.99, or null. Resolution: spec.evalEvery. */
  stepsToGrok: number | null;
  /** Wall time from the start of this run to that evaluation, or null. */
  secondsToGrok: number | null;
}

export const GROK_ACCURACY = 0.99;

/** Trains until spec.steps (or stop), evaluating every spec.evalEvery steps, and notes when the model groks. */
export async function runTransformerTraining(
  trainer: TransformerTrainer,
  onEval: (m: TransformerMetrics) => void,
  control: RunControl = new RunControl(),
): Promise<TransformerRunSummary> {
  const started = performance.now();
  let stepsToGrok: number | null = null;
  let secondsToGrok: number | null = null;
  const summary = await runStepLoop(trainer, trainer.spec.steps, trainer.spec.evalEvery, (m) => {
    if (stepsToGrok === null && m.testAcc >= GROK_ACCURACY) {
      stepsToGrok = m.step;
      secondsToGrok = (performance.now() - started) / 1000;
    }
    onEval(m);
  }, control);
  return { ...summary, stepsToGrok, secondsToGrok };
}
