/**
 * Where a finished sweep cell's SAE weights go: out of the worker (the page: IndexedDB, a checkpoint record beside the
 * sweep's run), so a long sweep's memory does not grow with its cells. The cell keeps only its report (the summary
 * its results row is built from).
 */
import type { SaeWeights } from '../sae/init.ts';
import type { TrainerCheckpoint } from '../train/checkpoint.ts';
import type { NamedArray } from '../transformer/weights.ts';
import type { SweepCell } from './expand.ts';

/**
 * At most this many cells' SAE weights are held by a cell runner at once: a cell's weights are handed to the sink
 * (and dropped) before its run ends, so the next cell starts with none (tests/core/sweep/cellWeights.test.ts).
 */
export const MAX_CELL_WEIGHTS_IN_WORKER = 1;

/** Takes a finished cell's trained SAE weights away (resolves once they are written). */
export type CellWeightsSink = (cell: SweepCell, weights: TrainerCheckpoint) => Promise<void>;

/** A cell's trained SAEs as an SAE checkpoint's tensors (`seed{i}.W_enc`…, the trainer's names), no optimiser state. */
export function cellWeightsCheckpoint(weights: SaeWeights[], steps: number): TrainerCheckpoint {
  const tensors: Record<string, NamedArray> = {};
  weights.forEach((w, i) => {
    tensors[`seed${i}.W_enc`] = { shape: [w.dIn, w.dSae], data: w.W_enc };
    tensors[`seed${i}.b_enc`] = { shape: [w.dSae], data: w.b_enc };
    tensors[`seed${i}.W_dec`] = { shape: [w.dSae, w.dIn], data: w.W_dec };
    tensors[`seed${i}.b_dec`] = { shape: [w.dIn], data: w.b_dec };
    if (w.threshold) tensors[`seed${i}.threshold`] = { shape: [w.dSae], data: w.threshold };
  });
  return { kind: 'saes', step: steps, tensors, optimizers: [], rngs: [], counters: {} };
}

/**
 * The SAEs back from a stored cell's checkpoint (cellWeightsCheckpoint's inverse), one per seed; null when the
 * checkpoint does not hold `seeds` SAEs of the trainer's names (another kind, a cleared or partial write).
 */
export function cellWeightsOf(checkpoint: TrainerCheckpoint, seeds: number): SaeWeights[] | null {
  if (checkpoint.kind !== 'saes') return null;
  const out: SaeWeights[] = [];
  for (let i = 0; i < seeds; i++) {
    const t = (name: string) => checkpoint.tensors[`seed${i}.${name}`];
    const [W_enc, b_enc, W_dec, b_dec, threshold] = [t('W_enc'), t('b_enc'), t('W_dec'), t('b_dec'), t('threshold')];
    if (!W_enc || !b_enc || !W_dec || !b_dec || W_enc.shape.length !== 2) return null;
    const [dIn, dSae] = W_enc.shape; // W_enc [d_in, n]
    out.push({ dIn, dSae, W_enc: W_enc.data, b_enc: b_enc.data, W_dec: W_dec.data, b_dec: b_dec.data, ...(threshold ? { threshold: threshold.data } : {}) });
  }
  return out;
}
