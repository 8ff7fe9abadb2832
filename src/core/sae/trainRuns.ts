/**
 * Trains the SAEs of several runs (a sweep's cells of one batch key, core/sae/cellBatch.ts) as one trainer on the
 * same activations, and hands each run back its own share: initial and trained weights, final metrics, time. One
 * run is the plain case (a batch of one trains exactly as SaeTrainer alone).
 */
import type * as tf from '../tf.ts';
import type { SaeSpec } from '../spec/sae.ts';
import { RunControl } from '../train/loop.ts';
import { batchSaeSpecs, runMetrics, runSlice } from './cellBatch.ts';
import type { SaeWeights } from './init.ts';
import { runSaeTraining } from './loop.ts';
import type { SaeMetrics } from './metrics.ts';
import { type SaeTrainerOptions, SaeTrainer } from './trainer.ts';
import type { TrainerCheckpoint } from '../train/checkpoint.ts';

export interface TrainedRun {
  /** Per seed of the run, raw-activation space (SAELens layout). */
  initial: SaeWeights[];
  trained: SaeWeights[];
  final: SaeMetrics;
  steps: number;
  /**
   * The run's share of the batch's time, in proportion to its seeds (all units cost the same): runs trained together
   * have no time of their own, and the shares add up to the batch's.
   */
  wallSeconds: number;
  msPerStep: number;
}

/** Continuing an interrupted batch: the checkpoint to start from, and the trainer for the host's own checkpoints. */
export interface BatchResume {
  /** A checkpoint of this very batch (same runs, same activations); throws CheckpointError otherwise. */
  from?: TrainerCheckpoint;
  /** The batch's trainer once built: a host takes checkpoints of it at the loop's safe points. */
  onTrainer?: (trainer: SaeTrainer) => void;
}

/** Null when stopped (nothing is kept). `acts` [rows, d_in] stays the caller's. */
export async function trainRunsTogether(
  specs: SaeSpec[],
  acts: tf.Tensor2D,
  options: SaeTrainerOptions,
  control: RunControl = new RunControl(),
  onEval: (m: SaeMetrics) => void = () => undefined,
  resume: BatchResume = {},
): Promise<TrainedRun[] | null> {
  const batch = batchSaeSpecs(specs);
  const trainer = await SaeTrainer.create(batch.spec, acts, { ...options, units: batch.units }, resume.from);
  resume.onTrainer?.(trainer);
  try {
    const initial = await trainer.weights();
    const summary = await runSaeTraining(trainer, onEval, control);
    if (control.stopped) return null;
    const trained = await trainer.weights();
    const units = batch.spec.seeds.length;
    return specs.map((spec, r) => {
      const share = spec.seeds.length / units;
      return {
        initial: runSlice(batch, r, initial),
        trained: runSlice(batch, r, trained),
        final: runMetrics(batch, r, summary.final, (t, u) => trainer.penaltyAt(t, u)),
        steps: summary.steps,
        wallSeconds: summary.wallSeconds * share,
        msPerStep: summary.msPerStep * share,
      };
    });
  } finally {
    trainer.dispose();
  }
}
