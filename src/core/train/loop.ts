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

export interface TransformerRunSummary {
  steps: number;
  final: TransformerMetrics;
  /** First evaluated step with test accuracy ≥ 0.99, or null. Resolution: spec.evalEvery. */
  stepsToGrok: number | null;
  /** Wall time from the start of this run to that evaluation, or null. */
  secondsToGrok: number | null;
  wallSeconds: number;
  /** Median wall time of one training step (evaluation excluded). Meaningful on synchronous backends (cpu, wasm). */
  msPerStep: number;
  stopped: boolean;
}

export const GROK_ACCURACY = 0.99;

const now = () => performance.now();
const yieldToEventLoop = () => new Promise<void>((r) => setTimeout(r, 0));

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Trains until spec.steps (or stop), evaluating every spec.evalEvery steps and at the end. Between steps it yields
 * to the event loop often enough for pause/stop messages to arrive. Step times are kept for the last 1,000 steps.
 */
export async function runTransformerTraining(
  trainer: TransformerTrainer,
  onEval: (m: TransformerMetrics) => void,
  control: RunControl = new RunControl(),
): Promise<TransformerRunSummary> {
  const { steps, evalEvery } = trainer.spec;
  const started = now();
  const stepTimes: number[] = [];
  let stepsToGrok: number | null = null;
  let secondsToGrok: number | null = null;
  let lastYield = now();
  let last: TransformerMetrics | null = null;
  const evaluate = async () => {
    last = await trainer.evaluate();
    if (stepsToGrok === null && last.testAcc >= GROK_ACCURACY) {
      stepsToGrok = last.step;
      secondsToGrok = (now() - started) / 1000;
    }
    onEval(last);
  };
  if (trainer.stepCount === 0) await evaluate();
  while (trainer.stepCount < steps && !control.stopped) {
    await control.untilRunning();
    if (control.stopped) break;
    const t0 = now();
    trainer.step();
    stepTimes.push(now() - t0);
    if (stepTimes.length > 1000) stepTimes.shift();
    if (trainer.stepCount % evalEvery === 0 || trainer.stepCount === steps) await evaluate();
    if (now() - lastYield > 30) {
      await yieldToEventLoop();
      lastYield = now();
    }
  }
  if (!last || (last as TransformerMetrics).step !== trainer.stepCount) await evaluate();
  return {
    steps: trainer.stepCount,
    final: last!,
    stepsToGrok,
    secondsToGrok,
    wallSeconds: (now() - started) / 1000,
    msPerStep: median(stepTimes),
    stopped: control.stopped,
  };
}
