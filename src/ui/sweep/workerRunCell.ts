/**
 * A RunCell for the page: each cell runs in the sweep worker (src/worker/sweep.worker.ts), one at a time; stop
 * reaches the worker at once. The worker is created on first use and kept while the page lives (it keeps the shared
 * transformer between cells).
 */
import type { RunCell } from '../../core/sweep/runner.ts';
import type { BackendChoice } from '../../host/backends.ts';
import type { FromSweepWorker, ToSweepWorker } from '../../worker/sweepProtocol.ts';

/** `storedId`: the stored sweep's record id at the time a cell starts (its weights are written beside it), or null. */
export function workerRunCell(backend: BackendChoice, storedId: () => string | null = () => null): RunCell {
  let worker: Worker | null = null;
  const send = (m: ToSweepWorker) => worker!.postMessage(m);
  return (cell, cancel) => new Promise((resolve, reject) => {
    worker ??= new Worker(new URL('../../worker/sweep.worker.ts', import.meta.url), { type: 'module', name: 'sweep' });
    worker.onmessage = (e: MessageEvent<FromSweepWorker>) => {
      const m = e.data;
      if (m.id !== cell.id) return;
      if (m.type === 'cellDone') resolve(m.report);
      else reject(new Error(m.message));
    };
    worker.onerror = (e: ErrorEvent) => reject(new Error(`sweep worker crashed: ${e.message || 'unknown error'}`));
    cancel.onCancel(() => send({ type: 'stop' }));
    send({ type: 'runCell', id: cell.id, index: cell.index, spec: cell.spec, backend, storedId: storedId() });
  });
}
