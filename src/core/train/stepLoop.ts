import type { RunControl } from './loop.ts';

/** What a training loop needs of a trainer: enqueue one step, evaluate asynchronously. */
export interface Stepper<M extends { step: number }> {
  readonly stepCount: number;
  step(): void;
  evaluate(): Promise<M>;
}

export interface StepLoopSummary<M> {
  steps: number;
  final: M;
  wallSeconds: number;
  /** Median wall time of one training step (evaluation excluded), over the last 1,000 steps. Meaningful on
   * synchronous backends (cpu, wasm); on WebGPU step() only enqueues work. */
  msPerStep: number;
  stopped: boolean;
}

const now = () => performance.now();
const yieldToEventLoop = () => new Promise<void>((r) => setTimeout(r, 0));

function median(xs: number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Steps until `totalSteps` (or stop), evaluating at the start, every `evalEvery` steps and at the end. Between steps
 * it yields to the event loop often enough (every 30 ms) for pause/stop messages to arrive.
 */
export async function runStepLoop<M extends { step: number }>(
  trainer: Stepper<M>,
  totalSteps: number,
  evalEvery: number,
  onEval: (m: M) => void,
  control: RunControl,
): Promise<StepLoopSummary<M>> {
  const started = now();
  const stepTimes: number[] = [];
  let lastYield = now();
  let last: M | null = null;
  const evaluate = async () => {
    last = await trainer.evaluate();
    onEval(last);
  };
  if (trainer.stepCount === 0) await evaluate();
  while (trainer.stepCount < totalSteps && !control.stopped) {
    await control.untilRunning();
    if (control.stopped) break;
    const t0 = now();
    trainer.step();
    stepTimes.push(now() - t0);
    if (stepTimes.length > 1000) stepTimes.shift();
    if (trainer.stepCount % evalEvery === 0 || trainer.stepCount === totalSteps) await evaluate();
    if (now() - lastYield > 30) {
      await yieldToEventLoop();
      lastYield = now();
    }
  }
  if (last === null || (last as M).step !== trainer.stepCount) await evaluate();
  return {
    steps: trainer.stepCount,
    final: last!,
    wallSeconds: (now() - started) / 1000,
    msPerStep: median(stepTimes),
    stopped: control.stopped,
  };
}
