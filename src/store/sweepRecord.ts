/**
 * A sweep as a stored run (kind `sweep`, storage/runKinds.ts): the record a sweep starts, each finished cell's report
 * joining it, and what a reload shows and continues from. Pure functions: sweepStorage.ts writes, the Sweep section
 * reads. A finished cell is kept (its report: the results row's source); the cell that was running when the tab
 * went away starts again from its beginning (a sweep cell writes no training checkpoint).
 */
import type { ExperimentReport } from '../core/report.ts';
import { type SweepCell, expandSweep } from '../core/sweep/expand.ts';
import { type MergedTable, mergeRows, reportMatchesCell, rowOf } from '../core/sweep/results.ts';
import type { SweepRunState } from '../core/sweep/runner.ts';
import type { SweepSpec } from '../core/sweep/spec.ts';
import { NOTEBOOK_ID, type RunRecordOf, type StoredRunStatus } from '../storage/schema.ts';
import type { SweepCellResult } from '../storage/runKinds.ts';

export type SweepRecord = RunRecordOf<'sweep'>;

/** JSON with object keys sorted: equal for equal specs whatever their key order. */
export const canonicalJson = (x: unknown): string =>
  JSON.stringify(x, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));

/** Whether two sweeps are the same study (same base, axes, seeds, budget): then a start continues the stored one. */
export const sameSweep = (a: SweepSpec, b: SweepSpec): boolean => canonicalJson(a) === canonicalJson(b);

export function newSweepRecord(id: string, sweep: SweepSpec, backend: string, now: number): SweepRecord {
  return {
    id, experimentId: NOTEBOOK_ID, kind: 'sweep', name: `sweep ${sweep.name}`, spec: sweep.base, status: 'running',
    createdAt: now, updatedAt: now, backend, step: 0, metrics: [], summary: null, checkpointId: null,
    info: { sweep },
  };
}

/** The record's cells with this cell's report (one entry per cell, in the sweep's order). */
export function withCell(cells: SweepCellResult[], cell: Pick<SweepCell, 'index' | 'id'>, report: ExperimentReport): SweepCellResult[] {
  return [...cells.filter((c) => c.id !== cell.id), { step: cell.index, id: cell.id, report }].sort((a, b) => a.step - b.step);
}

/** The reports a continued sweep adopts (a runner skips their cells), by cell id. */
export const storedReports = (cells: SweepCellResult[]): Map<string, ExperimentReport> => new Map(cells.map((c) => [c.id, c.report]));

/** The results table of a stored sweep: rows of the finished cells made by this sweep's specs, the rest missing. */
export function storedTable(sweep: SweepSpec, reports: Map<string, ExperimentReport>): MergedTable {
  const cells = expandSweep(sweep);
  const rows = cells.flatMap((c) => {
    const r = reports.get(c.id);
    return r && reportMatchesCell(c, r) ? [rowOf(c, r)] : [];
  });
  return mergeRows(cells, [rows]);
}

/** How a runner's state is stored. */
export function storedStatusOf(state: SweepRunState): StoredRunStatus {
  switch (state) {
    case 'failed':
      return 'error';
    case 'idle':
      return 'interrupted';
    default:
      return state;
  }
}

/** What the Sweep section says about a stored sweep it shows. */
export function storedSweepNote(rec: Pick<SweepRecord, 'status' | 'metrics' | 'message'>, cells: number, elsewhere: boolean): string {
  const finished = `${rec.metrics.length} of ${cells} cells finished`;
  if (elsewhere) return `This sweep is running in another tab of this lab (${finished}).`;
  switch (rec.status) {
    case 'done':
      return `Stored sweep: ${finished}.`;
    case 'error':
      return `Stored sweep, failed: ${rec.message ?? 'a cell failed'} (${finished}). Continue runs the rest.`;
    default:
      return `Stored sweep, ${rec.status === 'stopped' ? 'stopped' : 'interrupted'}: ${finished}. Continue runs the unfinished cells; a cell that was running starts again from its beginning.`;
  }
}
