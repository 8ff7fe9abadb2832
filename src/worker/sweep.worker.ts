/**
 * The sweep worker: a thin host around core/sweep/cell.ts. The page sends one cell at a time (its full spec is
 * validated again here: a message is input like any other) and gets its report back, the cell's SAE weights written to
 * IndexedDB rather than kept (core/sweep/cellWeights.ts); `stop` ends the running cell
 * between two training steps. Its own worker, so a sweep never waits on the notebook's engine (and vice versa).
 */
import { validateSpec } from '../core/spec/experiment.ts';
import { SpecError } from '../core/spec/fields.ts';
import { InMemoryCellRunner } from '../core/sweep/cell.ts';
import type { CellWeightsSink } from '../core/sweep/cellWeights.ts';
import { transformerKey } from '../core/sweep/expand.ts';
import { CancelToken } from '../core/sweep/runner.ts';
import type { BackendChoice } from '../host/backends.ts';
import { startBrowserBackend } from '../host/browserBackend.ts';
import { putCellWeights } from '../storage/repo.ts';
import { WorkerStorage } from './checkpointer.ts';
import type { FromSweepWorker, ToSweepWorker } from './sweepProtocol.ts';

const scope = self as unknown as { postMessage(m: FromSweepWorker): void; onmessage: ((e: MessageEvent<ToSweepWorker>) => void) | null };
const post = (m: FromSweepWorker): void => scope.postMessage(m);

let runner: InMemoryCellRunner | null = null;
let cancel: CancelToken | null = null;
const storage = new WorkerStorage();

/** A finished cell's weights into IndexedDB beside its sweep's record; a failed write loses them, not the cell's row. */
const storeWeights = (storedId: string): CellWeightsSink => async (cell, state) => {
  await putCellWeights(await storage.open(), storedId, cell.index, state).catch(() => undefined);
};

async function start(choice: BackendChoice): Promise<InMemoryCellRunner> {
  if (runner) return runner;
  const { backend } = await startBrowserBackend(choice);
  runner = new InMemoryCellRunner(backend, { runtime: `browser worker (${navigator.userAgent})`, backend });
  return runner;
}

async function runCell(msg: Extract<ToSweepWorker, { type: 'runCell' }>): Promise<void> {
  try {
    const spec = validateSpec(msg.spec);
    const r = await start(msg.backend);
    cancel = new CancelToken();
    const cell = { id: msg.id, index: msg.index, setting: {}, spec, transformerKey: transformerKey(spec) };
    const report = await r.run(cell, cancel, msg.storedId ? storeWeights(msg.storedId) : undefined);
    post({ type: 'cellDone', id: msg.id, report });
  } catch (e) {
    post({ type: 'cellFailed', id: msg.id, message: e instanceof SpecError ? `invalid cell: ${e.message}` : (e as Error).message });
  } finally {
    cancel = null;
  }
}

scope.onmessage = (e) => {
  const msg = e.data;
  switch (msg.type) {
    case 'runCell': return void runCell(msg);
    case 'stop': return cancel?.cancel();
    case 'dispose':
      runner?.dispose();
      runner = null;
      return;
  }
};
