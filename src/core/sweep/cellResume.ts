/**
 * A sweep survives a reload with its running batch resumed, not restarted (issue 13): while a batch of cells trains,
 * its host keeps a checkpoint of the batch's trainer (every few seconds, at the loop's safe points); a later run of the
 * same cells on the same activations continues from it, bit for bit as if never stopped
 * (tests/core/sweep/cellResume.test.ts). The transformer is trained again from its seed first (deterministic).
 */
import type { TrainerCheckpoint } from '../train/checkpoint.ts';

export interface CellResume {
  /** The batch's last checkpoint, saved for exactly these cells, or null to start fresh. */
  from: TrainerCheckpoint | null;
  /** True when a checkpoint is due (asked at every evaluation of the batch). */
  due(): boolean;
  /** Stores a checkpoint of the batch (resolves once written; a failed write must not throw). */
  save(state: TrainerCheckpoint): Promise<void>;
  /** The batch resumed from `from` at this step, or started afresh because `from` did not fit (null). */
  onStart?(resumedAt: number | null): void;
}

/** A CellResume that saves once `everyMs` has passed since the last save (or the start). */
export function timedResume(from: TrainerCheckpoint | null, everyMs: number, save: (state: TrainerCheckpoint) => Promise<void>, onStart?: CellResume['onStart']): CellResume {
  let last = performance.now();
  return {
    from,
    due: () => performance.now() - last >= everyMs,
    save: async (state) => {
      last = performance.now();
      await save(state);
    },
    onStart,
  };
}
