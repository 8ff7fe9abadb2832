/**
 * The Sweep section's slice of the store: the stored sweep it shows (after a reload or from Run history) and its live
 * status. The sweep runs in its own worker (worker/sweep.worker.ts), so no engine message changes this slice: the
 * section reports its runner's state through sweepStorage.ts.
 */
import type { ExperimentReport } from '../core/report.ts';
import type { SweepSpec } from '../core/sweep/spec.ts';
import type { RunStatus } from '../worker/protocol.ts';
import type { Showing } from './storedRun.ts';
import { type SweepRecord, storedReports, storedSweepNote } from './sweepRecord.ts';
import { gridSize } from '../core/sweep/expand.ts';

export interface StoredSweep {
  recordId: string;
  sweep: SweepSpec;
  /** Finished cells' reports by cell id: their rows are shown, and a continued sweep skips them. */
  reports: Map<string, ExperimentReport>;
  /** What the section says about it (finished cells, what Continue does). */
  note: string;
  /** Another tab runs it: this one shows it but does not continue it. */
  elsewhere: boolean;
}

/** What became of the last click on a results row (sweepCellOpen.ts), shown under the table. */
export interface CellOpenNote {
  id: string;
  text: string;
  /** False when the cell could not be opened (nothing on screen changed). */
  ok: boolean;
}

export interface SweepState {
  /** Bumped when the section shows another stored sweep (the Sweep section restarts its draft from it). */
  runId: number;
  status: RunStatus;
  stored: StoredSweep | null;
  /** The sweep the section's controls describe now (when valid): the header's Share panel links it. */
  draft: SweepSpec | null;
  openNote: CellOpenNote | null;
}

export const initialSweep = (): SweepState => ({ runId: 0, status: 'idle', stored: null, draft: null, openNote: null });

/** No engine-worker message is about the sweep. */
export const sweepReceive = (state: SweepState): SweepState => state;

export function sweepFromRecord(state: SweepState, rec: SweepRecord, showing: Showing): SweepState {
  const sweep = rec.info?.sweep;
  if (!sweep) return { ...initialSweep(), runId: state.runId + 1, draft: state.draft };
  const elsewhere = showing === 'elsewhere';
  const status: RunStatus = rec.status === 'done' || rec.status === 'stopped' ? 'done' : rec.status === 'error' ? 'error' : 'idle';
  return {
    draft: state.draft,
    openNote: null,
    runId: state.runId + 1,
    status,
    stored: { recordId: rec.id, sweep, reports: storedReports(rec.metrics), note: storedSweepNote(rec, gridSize(sweep), elsewhere), elsewhere },
  };
}
