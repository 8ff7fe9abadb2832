/**
 * A RunCell and a RunGroup for the page: cells run in the sweep worker (src/worker/sweep.worker.ts), one cell or
 * one batch of cells (core/sweep/batch.ts: their SAEs train as one) at a time; stop reaches the worker at once. The
 * worker is created on first use and kept while the page lives (it keeps the shared transformer between cells).
 */
import type { RunGroup } from '../../core/sweep/batch.ts';
import type { SweepCell } from '../../core/sweep/expand.ts';
import type { RunCell } from '../../core/sweep/runner.ts';
import type { BackendChoice } from '../../host/backends.ts';
import { DEFAULT_CHECKPOINT_SECONDS } from '../../storage/schema.ts';
import type { FromSweepWorker, ToSweepWorker } from '../../worker/sweepProtocol.ts';

export interface WorkerSweepHost {
  runCell: RunCell;
  runGroup: RunGroup;
}

export interface SweepHostOptions {
  /** The stored sweep's record id at the time a cell starts (its weights are written beside it), or null. */
  storedId?: () => string | null;
  /** The notebook's checkpoint interval (header setting): how often the running cell's checkpoint is written. */
  checkpointEverySec?: () => number;
  /** A cell or batch (named by its first cell) continues from the checkpoint a reload left, at that SAE step. */
  onResumed?: (id: string, step: number) => void;
  /** A cell or batch (named by its first cell) stored its resume point at that SAE step. */
  onCheckpointed?: (id: string, step: number) => void;
}

export function workerSweepHost(backend: BackendChoice, options: SweepHostOptions = {}): WorkerSweepHost {
  const { storedId = () => null, checkpointEverySec = () => DEFAULT_CHECKPOINT_SECONDS, onResumed, onCheckpointed } = options;
  let worker: Worker | null = null;
  const send = (m: ToSweepWorker) => worker!.postMessage(m);
  /** Sends `m` and settles on the answer for `id`: `done` reads a success, cellFailed rejects. */
  const ask = <T>(id: string, m: ToSweepWorker, done: (m: FromSweepWorker) => T | undefined, cancel: Parameters<RunCell>[1]) =>
    new Promise<T>((resolve, reject) => {
      worker ??= new Worker(new URL('../../worker/sweep.worker.ts', import.meta.url), { type: 'module', name: 'sweep' });
      worker.onmessage = (e: MessageEvent<FromSweepWorker>) => {
        if (e.data.id !== id) return;
        if (e.data.type === 'cellFailed') return reject(new Error(e.data.message));
        if (e.data.type === 'cellsResumed') return onResumed?.(id, e.data.step);
        if (e.data.type === 'cellsCheckpointed') return onCheckpointed?.(id, e.data.step);
        const value = done(e.data);
        if (value !== undefined) resolve(value);
      };
      worker.onerror = (e: ErrorEvent) => reject(new Error(`sweep worker crashed: ${e.message || 'unknown error'}`));
      cancel.onCancel(() => send({ type: 'stop' }));
      send(m);
    });
  const message = (c: SweepCell) => ({ id: c.id, index: c.index, spec: c.spec });
  return {
    runCell: (cell, cancel) =>
      ask(cell.id, { type: 'runCell', cell: message(cell), backend, storedId: storedId(), checkpointEverySec: checkpointEverySec() }, (m) => (m.type === 'cellDone' ? m.report : undefined), cancel),
    runGroup: (cells, cancel) =>
      ask(cells[0].id, { type: 'runCells', cells: cells.map(message), backend, storedId: storedId(), checkpointEverySec: checkpointEverySec() }, (m) => (m.type === 'cellsDone' ? m.reports : undefined), cancel),
  };
}
