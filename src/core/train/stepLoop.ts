import type { RunControl } from './loop.ts';

/** What a training loop needs of a trainer: enqueue one step, evaluate asynchronously. */
export interface Stepper<M extends { step: number }> {
  readonly stepCount: number;
  step(): void;
  evaluate(): Promise<M>;
  /**
   * Resolves once the device has finished every step enqueued so far (an async read of a tiny tensor). On WebGPU
   * `step()` only enqueues work, and without a fence the loop could queue many slow steps ahead of the device; Stop
   * would then wait for all of them. Optional: synchronous backends finish each step inside `step()`.
   */
  fence?(): Promise<void>;
}

/** Steps the device may lag behind the loop: enough to keep a GPU busy, few enough for Stop to end the run soon. */
export const MAX_STEPS_IN_FLIGHT = 2;

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
 * it yields to the event loop often enough (every 30 ms) for pause/stop messages to arrive, and it never runs more
 * than MAX_STEPS_IN_FLIGHT steps ahead of the device, so a stop takes effect after at most that many steps.
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
  const inFlight: Promise<void>[] = [];
  while (trainer.stepCount < totalSteps && !control.stopped) {
    // Before parking, let the device finish (and the fences free their probes): a pause then holds no step in flight.
    if (control.paused) await Promise.all(inFlight.splice(0));
    await control.untilRunning();
    if (control.stopped) break;
    const t0 = now();
    trainer.step();
    stepTimes.push(now() - t0);
    if (trainer.fence) {
      const fence = trainer.fence();
      fence.catch(() => undefined); // a fence that fails before the loop awaits it is not an unhandled rejection
      inFlight.push(fence);
      // Waiting on the device also lets pause/stop messages in.
      if (inFlight.length > MAX_STEPS_IN_FLIGHT) await inFlight.shift();
    }
    if (stepTimes.length > 1000) stepTimes.shift();
    if (trainer.stepCount % evalEvery === 0 || trainer.stepCount === totalSteps) await evaluate();
    if (now() - lastYield > 30) {
      await yieldToEventLoop();
      lastYield = now();
    }
  }
  await Promise.allSettled(inFlight.splice(0)); // the device has finished every step: the final evaluation is of them all
  if (last === null || (last as M).step !== trainer.stepCount) await evaluate();
  return {
    steps: trainer.stepCount,
    final: last!,
    wallSeconds: (now() - started) / 1000,
    msPerStep: median(stepTimes),
    stopped: control.stopped,
  };
}
