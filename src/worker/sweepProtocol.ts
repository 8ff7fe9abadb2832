/** Messages between the page and the sweep worker (sweep.worker.ts). */
import type { ExperimentReport } from '../core/report.ts';
import type { ExperimentSpec } from '../core/spec/experiment.ts';
import type { BackendChoice } from '../host/backends.ts';

export type ToSweepWorker =
  | { type: 'runCell'; id: string; spec: ExperimentSpec; backend: BackendChoice }
  /** Cells of one batch (core/sweep/batch.ts): their SAEs train as one; answered by cellsDone or cellFailed (first id). */
  | { type: 'runCells'; cells: { id: string; spec: ExperimentSpec }[]; backend: BackendChoice }
  /** Ends the running cell between two training steps; it answers cellFailed. */
  | { type: 'stop' }
  /** Frees the transformer kept for the next cell. */
  | { type: 'dispose' };

export type FromSweepWorker =
  | { type: 'cellDone'; id: string; report: ExperimentReport }
  | { type: 'cellsDone'; id: string; reports: ExperimentReport[] }
  | { type: 'cellFailed'; id: string; message: string };
