/** Messages between the page and the sweep worker (sweep.worker.ts). */
import type { ExperimentReport } from '../core/report.ts';
import type { ExperimentSpec } from '../core/spec/experiment.ts';
import type { BackendChoice } from '../host/backends.ts';

export type ToSweepWorker =
  /** `storedId`: the sweep's stored run; the cell's SAE weights are written beside it as checkpoint `<storedId>@<index>`. */
  | { type: 'runCell'; id: string; index: number; spec: ExperimentSpec; backend: BackendChoice; storedId: string | null }
  /** Ends the running cell between two training steps; it answers cellFailed. */
  | { type: 'stop' }
  /** Frees the transformer kept for the next cell. */
  | { type: 'dispose' };

export type FromSweepWorker =
  | { type: 'cellDone'; id: string; report: ExperimentReport }
  | { type: 'cellFailed'; id: string; message: string };
