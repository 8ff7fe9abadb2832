/**
 * A rough duration of a transformer run before it starts, so that a Start that would take hours says so first
 * ("This run will take about 3 h on wasm — start anyway?"). FLOPs of the steps and evaluations over a typical
 * rate of each backend (docs/benchmarks.md: wasm reaches ~20 GFLOP/s on nanda's products), with a floor per step
 * for small models whose steps are dominated by per-operation cost. Within a factor of a few; the live ETA replaces
 * it once the run reports its speed.
 */
import type { TransformerSpec } from '../core/spec/transformer.ts';
import { transformerStepFlops } from '../core/transformer/flops.ts';
import type { BackendName } from '../worker/protocol.ts';

/** Sustained training rate (FLOP/s) and the least time a step takes (ms), per backend, on a laptop-class CPU. */
const BACKEND_SPEED: Record<BackendName, { flopsPerSec: number; minStepMs: number }> = {
  webgpu: { flopsPerSec: 100e9, minStepMs: 5 }, // a real GPU: the automatic choice skips software adapters
  webgl: { flopsPerSec: 20e9, minStepMs: 10 },
  wasm: { flopsPerSec: 20e9, minStepMs: 10 },
  cpu: { flopsPerSec: 1e9, minStepMs: 20 },
};

/** Runs estimated to take longer than this ask before they start. */
export const CONFIRM_ABOVE_SECONDS = 5 * 60;

/** Estimated seconds for `spec`'s training steps and evaluations on `backend`. */
export function estimateRunSeconds(spec: TransformerSpec, backend: BackendName): number {
  const { flopsPerSec, minStepMs } = BACKEND_SPEED[backend];
  const pairs = spec.p * spec.p;
  const trainPairs = Math.round(pairs * spec.trainFraction);
  const stepSeconds = Math.max(transformerStepFlops(spec, trainPairs) / flopsPerSec, minStepMs / 1000);
  // An evaluation is a forward pass (a third of a step's FLOPs) over every pair.
  const evalSeconds = Math.max(transformerStepFlops(spec, pairs) / 3 / flopsPerSec, minStepMs / 1000);
  return spec.steps * stepSeconds + Math.ceil(spec.steps / spec.evalEvery) * evalSeconds;
}

/** The question to ask before a long run, or null when it is short enough to start at once. */
export function longRunQuestion(spec: TransformerSpec, backend: BackendName, describe: (seconds: number) => string): string | null {
  const seconds = estimateRunSeconds(spec, backend);
  if (seconds <= CONFIRM_ABOVE_SECONDS) return null;
  return `This run will take about ${describe(seconds)} on ${backend} (${spec.steps.toLocaleString('en-US')} steps) — start anyway?`;
}
