/**
 * Which cells of a sweep train their SAEs together (core/sae/cellBatch.ts): those on the same transformer whose SAE
 * specs share a batch key (same activations, shape and steps; they differ only in seeds, lr, the sparsity
 * coefficient or k). Everything else a cell may carry (a stabiliser, any field beyond the transformer and SAEs) keeps
 * it alone, run as before. A host's `RunGroup` trains one batch; `groupedRunCell` lets the one-cell-at-a-time
 * SweepRunner drive it: the first cell of a batch runs the batch, its mates then finish at once from the results.
 */
import type { ExperimentReport } from '../report.ts';
import { saeBatchKey } from '../sae/cellBatch.ts';
import type { SweepCell } from './expand.ts';
import type { CancelToken, RunCell } from './runner.ts';

/** Units (SAEs) one batch may hold: bounds a batch's memory (weights, Adam moments and codes grow with it). */
export const MAX_BATCH_UNITS = 64;

const PLAIN_KEYS = ['name', 'saes', 'transformer', 'version'];

/** The cell's batch key, or null when it must run alone. */
export function cellBatchKey(cell: SweepCell): string | null {
  const { spec } = cell;
  if (!spec.saes || Object.entries(spec).some(([k, v]) => v !== undefined && !PLAIN_KEYS.includes(k))) return null;
  return `${cell.transformerKey}|${saeBatchKey(spec.saes)}`;
}

/** The cells in batches, in sweep order of each batch's first cell; at most `maxUnits` SAEs a batch. */
export function batchCells(cells: SweepCell[], maxUnits = MAX_BATCH_UNITS): SweepCell[][] {
  const out: SweepCell[][] = [];
  const open = new Map<string, { cells: SweepCell[]; units: number }>();
  for (const cell of cells) {
    const key = cellBatchKey(cell);
    const units = cell.spec.saes?.seeds.length ?? 0;
    const batch = key === null ? undefined : open.get(key);
    if (batch && batch.units + units <= maxUnits) {
      batch.cells.push(cell);
      batch.units += units;
      continue;
    }
    const fresh = { cells: [cell], units };
    out.push(fresh.cells);
    if (key !== null) open.set(key, fresh);
  }
  return out;
}

/** Each cell's batch mates in `batches` (batchCells): the other cells whose SAEs train with it, by cell id. */
export function batchMates(batches: SweepCell[][]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const batch of batches) for (const c of batch) out.set(c.id, batch.filter((m) => m !== c).map((m) => m.id));
  return out;
}

/** Trains a batch of cells (from batchCells) and gives their reports in order; stop ends it (it then rejects). */
export type RunGroup = (cells: SweepCell[], cancel: CancelToken) => Promise<ExperimentReport[]>;

/**
 * A RunCell over `runGroup`: asked for a cell, it runs the unfinished cells of that cell's batch (`isDone` says
 * which are finished) and keeps the mates' reports for when the runner asks for them. A stopped or failed batch
 * keeps nothing.
 */
export function groupedRunCell(cells: SweepCell[], runGroup: RunGroup, isDone: (id: string) => boolean = () => false): RunCell {
  const batchOf = new Map<string, SweepCell[]>();
  for (const batch of batchCells(cells)) for (const c of batch) batchOf.set(c.id, batch);
  const ready = new Map<string, ExperimentReport>();
  return async (cell, cancel) => {
    const kept = ready.get(cell.id);
    if (kept) {
      ready.delete(cell.id);
      return kept;
    }
    const todo = (batchOf.get(cell.id) ?? [cell]).filter((c) => c.id === cell.id || (!isDone(c.id) && !ready.has(c.id)));
    const reports = await runGroup(todo, cancel);
    todo.forEach((c, i) => c.id !== cell.id && ready.set(c.id, reports[i]));
    return reports[todo.findIndex((c) => c.id === cell.id)];
  };
}
