/** Messages between the page and the sweep worker (sweep.worker.ts). */
import type { ExperimentReport } from '../core/report.ts';
import type { ExperimentSpec } from '../core/spec/experiment.ts';
import type { BackendChoice } from '../host/backends.ts';

/** A cell as the page sends it: `index` is its place in the sweep's order (its weights' checkpoint step). */
export interface CellMessage {
  id: string;
  index: number;
  spec: ExperimentSpec;
}

export type ToSweepWorker =
  /**
   * `storedId`: the sweep's stored run; the cell's SAE weights are written beside it as checkpoint `<storedId>@<index>`,
   * and while it trains its resume point as `<storedId>@running` every `checkpointEverySec`.
   */
  | { type: 'runCell'; cell: CellMessage; backend: BackendChoice; storedId: string | null; checkpointEverySec: number }
  /** Cells of one batch (core/sweep/batch.ts): their SAEs train as one; answered by cellsDone or cellFailed (first id). */
  | { type: 'runCells'; cells: CellMessage[]; backend: BackendChoice; storedId: string | null; checkpointEverySec: number }
  /** Ends the running cell between two training steps; it answers cellFailed. */
  | { type: 'stop' }
  /** Frees the transformer kept for the next cell. */
  | { type: 'dispose' };

export type FromSweepWorker =
  | { type: 'cellDone'; id: string; report: ExperimentReport }
  | { type: 'cellsDone'; id: string; reports: ExperimentReport[] }
  /** The cell or batch starting with `id` continues from the checkpoint a reload left, at this SAE training step. */
  | { type: 'cellsResumed'; id: string; step: number }
  /** The cell or batch starting with `id` stored its resume point (`<storedId>@running`) at this SAE training step. */
  | { type: 'cellsCheckpointed'; id: string; step: number }
  | { type: 'cellFailed'; id: string; message: string };
