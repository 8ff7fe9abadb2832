import { RunControl } from '../train/loop.ts';
import type { SaeMetrics } from './metrics.ts';
import type { SaeTrainer } from './trainer.ts';

export interface SaeRunSummary {
  steps: number;
  totalSteps: number;
  final: SaeMetrics;
  wallSeconds: number;
  /** Median wall time of one step of all seeds (evaluation excluded). Meaningful on synchronous backends. */
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
 * Trains every seed to spec.epochs (or until stopped), evaluating at the start, every spec.evalEvery steps and at
 * the end. Yields to the event loop often enough for pause/stop messages to arrive.
 */
export async function runSaeTraining(
  trainer: SaeTrainer,
  onEval: (m: SaeMetrics) => void,
  control: RunControl = new RunControl(),
): Promise<SaeRunSummary> {
  const { totalSteps } = trainer;
  const { evalEvery } = trainer.spec;
  const started = now();
  const stepTimes: number[] = [];
  let lastYield = now();
  let last: SaeMetrics | null = null;
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
  if (!last || (last as SaeMetrics).step !== trainer.stepCount) await evaluate();
  return {
    steps: trainer.stepCount,
    totalSteps,
    final: last!,
    wallSeconds: (now() - started) / 1000,
    msPerStep: median(stepTimes),
    stopped: control.stopped,
  };
}
