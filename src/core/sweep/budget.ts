import { saeWorkingFloats, transformerWorkingFloats } from '../spec/budget.ts';
import { SpecError } from '../spec/fields.ts';
import { saeInputDim, saeLatents, saeRows } from '../spec/sae.ts';
import { stabiliserInfo } from '../stabilise/methodInfo.ts';
import type { TransformerSpec } from '../spec/transformer.ts';
import type { SweepCell } from './expand.ts';
import type { SweepBudget } from './spec.ts';

/**
 * What a sweep will cost before it starts: cells, distinct transformers (each trained once and shared), estimated
 * compute time and peak memory. Coarse by design, like spec/budget.ts: the time is training FLOPs over an assumed
 * rate plus a cost per step and per cell's analysis; it decides what is refused and gives the user an order of
 * magnitude.
 */

/**
 * Effective training rate assumed, in FLOP/s, and a fixed cost per step (kernel launches, evaluation, the loop).
 * Calibrated on the lab's measured runs on a shared 2-core machine, wasm backend (README, docs/benchmarks.md): the
 * fast preset's 1,500 steps (~26 GFLOP each) took 2,607 s, the tiny preset's (~0.1 GFLOP each) 26 s, nanda's 12,000
 * (~15.6 GFLOP each) 7,176 s. Small models are bound by the per-step cost, large ones by the rate. Errs long.
 */
export const DEFAULT_FLOPS_PER_SECOND = 15e9;
export const SECONDS_PER_STEP = 0.006;
/**
 * Stability nulls, Fourier tests and the stable × Fourier table of one cell: ~8 s on the tiny preset, growing with the
 * latent × latent products of every seed pair (assumed 20 s per pair at 1,024 latents).
 */
export const ANALYSIS_SECONDS_PER_CELL = 8;
const ANALYSIS_SECONDS_PER_PAIR_AT_1024 = 20;

export interface SweepEstimate {
  cells: number;
  /** Distinct transformers to train. */
  transformers: number;
  seconds: number;
  /** Peak float32 working set of the largest single stage (cells run one after another), in bytes. */
  peakBytes: number;
}

function parameterCount(s: TransformerSpec): number {
  const perLayer = 4 * s.dModel * s.dModel + 2 * s.dModel * s.dMlp + s.dMlp + s.dModel;
  return (s.p + 1) * s.dModel + 3 * s.dModel + s.nLayers * perLayer + s.dModel * s.p;
}

/** Full-batch training: ~6 FLOP per parameter per token (forward + backward), three positions per training pair. */
export function transformerFlops(s: TransformerSpec): number {
  return s.steps * 6 * parameterCount(s) * 3 * Math.floor(s.trainFraction * s.p * s.p);
}

export const transformerSeconds = (s: TransformerSpec, rate = DEFAULT_FLOPS_PER_SECOND): number =>
  s.steps * SECONDS_PER_STEP + transformerFlops(s) / rate;

/** SAE training: encoder and decoder products forward (2 × 2·d·n per row) and backward (×3), every seed, every epoch. */
export function saeFlops(cell: SweepCell): number {
  const { saes, transformer } = cell.spec;
  const sae = saes!;
  return sae.epochs * saeRows(sae, transformer) * sae.seeds.length * 12 * saeInputDim(sae, transformer) * saeLatents(sae, transformer);
}

/**
 * How many times a cell trains its seeds' SAEs: once, or for a stabiliser cell its comparison's arms — plain and
 * plain · shared init, the method and its shared-init control, a shared-rows control for an init shared by
 * construction, and the plain references of a method that has them (the plain arms and the references may be reused
 * from an earlier cell: the estimate errs long).
 */
export function cellTrainings(cell: SweepCell): number {
  const method = cell.spec.stabilise?.methods[0];
  if (!method) return 1;
  const info = stabiliserInfo[method.method];
  return 4 + Number(info.sharedByConstruction) + Number(info.needsReference);
}

/** SAE training, analysis included, of one cell (a stabiliser cell: every arm, and the comparison's analysis too). */
export function cellSeconds(cell: SweepCell, rate = DEFAULT_FLOPS_PER_SECOND): number {
  const { saes, transformer } = cell.spec;
  const sae = saes!;
  const steps = sae.epochs * Math.ceil(saeRows(sae, transformer) / sae.batchSize);
  const pairs = (sae.seeds.length * (sae.seeds.length - 1)) / 2;
  const analysis = ANALYSIS_SECONDS_PER_CELL + pairs * ANALYSIS_SECONDS_PER_PAIR_AT_1024 * (saeLatents(sae, transformer) / 1024) ** 2;
  const trainings = cellTrainings(cell);
  return trainings * (steps * SECONDS_PER_STEP + saeFlops(cell) / rate) + (trainings > 1 ? 2 : 1) * analysis;
}

export function estimateSweep(cells: SweepCell[], flopsPerSecond = DEFAULT_FLOPS_PER_SECOND): SweepEstimate {
  const transformers = new Map<string, TransformerSpec>();
  for (const c of cells) transformers.set(c.transformerKey, c.spec.transformer);
  let seconds = 0;
  let peakFloats = 0;
  for (const t of transformers.values()) {
    seconds += transformerSeconds(t, flopsPerSecond);
    peakFloats = Math.max(peakFloats, transformerWorkingFloats(t));
  }
  for (const c of cells) {
    seconds += cellSeconds(c, flopsPerSecond);
    const { saes, transformer } = c.spec;
    const shape = { rows: saeRows(saes!, transformer), dIn: saeInputDim(saes!, transformer), latents: saeLatents(saes!, transformer), seeds: saes!.seeds.length, batchSize: saes!.batchSize };
    peakFloats = Math.max(peakFloats, saeWorkingFloats(shape));
  }
  return { cells: cells.length, transformers: transformers.size, seconds, peakBytes: 4 * peakFloats };
}

/** "1 h 20 min", "3 min", "40 s". */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

export const formatBytes = (bytes: number): string => (bytes >= 2 ** 30 ? `${(bytes / 2 ** 30).toFixed(1)} GiB` : `${Math.max(1, Math.round(bytes / 2 ** 20))} MiB`);

/** The estimate in one line, e.g. "12 cells (3 transformers), about 40 min, peak memory 210 MiB". */
export const describeEstimate = (e: SweepEstimate): string =>
  `${e.cells} cell${e.cells === 1 ? '' : 's'} (${e.transformers} transformer${e.transformers === 1 ? '' : 's'}), about ${formatDuration(e.seconds)}, peak memory ${formatBytes(e.peakBytes)}`;

/**
 * Throws a SpecError saying what is over and what to lower when the sweep exceeds its budget. (Each cell's memory is
 * already bounded by its own spec's budget when it is validated.)
 */
export function checkSweepBudget(e: SweepEstimate, budget: SweepBudget): void {
  if (e.cells > budget.maxCells) {
    throw new SpecError(`the sweep has ${e.cells} cells, over its budget of ${budget.maxCells} (sweep.budget.maxCells): use fewer axes or values, or split it into several sweeps`);
  }
  const hours = e.seconds / 3600;
  if (hours > budget.maxHours) {
    throw new SpecError(
      `the sweep would take about ${formatDuration(e.seconds)}, over its budget of ${budget.maxHours} h (sweep.budget.maxHours): ` +
        'use fewer cells, seeds, epochs or transformer steps, or raise the budget and shard it over a cluster (docs/scale.md)',
    );
  }
}
