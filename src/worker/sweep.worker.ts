/**
 * The sweep worker: a thin host around core/sweep/cell.ts. The page sends one cell or one batch at a time (each spec is
 * validated again here: a message is input like any other) and gets the reports back, the cells' SAE weights written
 * to IndexedDB rather than kept (core/sweep/cellWeights.ts), and the running batch checkpointed there every few
 * seconds so that a reload continues it (core/sweep/cellResume.ts); `stop` ends the running cell between two
 * training steps. Its own worker, so a sweep never waits on the notebook's engine (and vice versa).
 */
import { validateSpec } from '../core/spec/experiment.ts';
import { SpecError } from '../core/spec/fields.ts';
import { InMemoryCellRunner } from '../core/sweep/cell.ts';
import { type CellResume, timedResume } from '../core/sweep/cellResume.ts';
import type { CellWeightsSink } from '../core/sweep/cellWeights.ts';
import { type SweepCell, isStabiliserCell, transformerKey } from '../core/sweep/expand.ts';
import { CancelToken } from '../core/sweep/runner.ts';
import type { BackendChoice } from '../host/backends.ts';
import { startBrowserBackend } from '../host/browserBackend.ts';
import { DEFAULT_CHECKPOINT_SECONDS } from '../storage/schema.ts';
import { deleteRunningCells, putCellWeights, putRunningCells, runningCells } from '../storage/repo.ts';
import { WorkerStorage } from './checkpointer.ts';
import type { CellMessage, FromSweepWorker, ToSweepWorker } from './sweepProtocol.ts';

const scope = self as unknown as { postMessage(m: FromSweepWorker): void; onmessage: ((e: MessageEvent<ToSweepWorker>) => void) | null };
const post = (m: FromSweepWorker): void => scope.postMessage(m);

let runner: InMemoryCellRunner | null = null;
let cancel: CancelToken | null = null;
const storage = new WorkerStorage();

/** A finished cell's weights into IndexedDB beside its sweep's record; a failed write loses them, not the cell's row. */
const storeWeights = (storedId: string | null): CellWeightsSink | undefined =>
  storedId === null ? undefined : async (cell, state) => {
    await putCellWeights(await storage.open(), storedId, cell.index, state).catch(() => undefined);
  };

/**
 * The running batch's checkpoints beside its sweep's record: the one a reload left for these very cells is continued
 * from; a failed write loses only the resume point. Null without a stored sweep.
 */
async function resumeFor(storedId: string | null, cells: SweepCell[], everySec: number): Promise<CellResume | undefined> {
  // A stabiliser cell runs its whole comparison again (core/sweep/stabiliserCell.ts has no resume point).
  if (storedId === null || cells.some(isStabiliserCell)) return undefined;
  const indices = cells.map((c) => c.index);
  const from = await storage.open().then((db) => runningCells(db, storedId, indices)).catch(() => null);
  const save = async (state: Parameters<CellResume['save']>[0]) => {
    const saved = await storage.open().then((db) => putRunningCells(db, storedId, indices, state)).then(() => true, () => false);
    if (saved) post({ type: 'cellsCheckpointed', id: cells[0].id, step: state.step });
  };
  const everyMs = (Number.isFinite(everySec) && everySec > 0 ? everySec : DEFAULT_CHECKPOINT_SECONDS) * 1000;
  return timedResume(from, everyMs, save, (step) => {
    if (step !== null) post({ type: 'cellsResumed', id: cells[0].id, step });
  });
}

/** The batch ended: its cells' reports and weights are the page's now, the resume point is not needed. */
const dropResume = async (storedId: string | null) => {
  if (storedId !== null) await storage.open().then((db) => deleteRunningCells(db, storedId)).catch(() => undefined);
};

async function start(choice: BackendChoice): Promise<InMemoryCellRunner> {
  if (runner) return runner;
  const { backend } = await startBrowserBackend(choice);
  runner = new InMemoryCellRunner(backend, { runtime: `browser worker (${navigator.userAgent})`, backend });
  return runner;
}

const toCell = (c: CellMessage): SweepCell => {
  const spec = validateSpec(c.spec);
  return { id: c.id, index: c.index, setting: {}, spec, transformerKey: transformerKey(spec) };
};

/** Runs `work` with a fresh cancel token; a failure (an invalid cell included) answers cellFailed for `id`. */
async function answer(id: string, work: () => Promise<FromSweepWorker>): Promise<void> {
  try {
    cancel = new CancelToken();
    post(await work());
  } catch (e) {
    post({ type: 'cellFailed', id, message: e instanceof SpecError ? `invalid cell: ${e.message}` : (e as Error).message });
  } finally {
    cancel = null;
  }
}

const runCell = (msg: Extract<ToSweepWorker, { type: 'runCell' }>) =>
  answer(msg.cell.id, async () => {
    const cell = toCell(msg.cell);
    const [report] = await (await start(msg.backend)).runGroup([cell], cancel!, storeWeights(msg.storedId), await resumeFor(msg.storedId, [cell], msg.checkpointEverySec));
    await dropResume(msg.storedId);
    return { type: 'cellDone', id: cell.id, report };
  });

const runCells = (msg: Extract<ToSweepWorker, { type: 'runCells' }>) =>
  answer(msg.cells[0]?.id ?? '', async () => {
    const cells = msg.cells.map(toCell);
    const reports = await (await start(msg.backend)).runGroup(cells, cancel!, storeWeights(msg.storedId), await resumeFor(msg.storedId, cells, msg.checkpointEverySec));
    await dropResume(msg.storedId);
    return { type: 'cellsDone', id: cells[0].id, reports };
  });

scope.onmessage = (e) => {
  const msg = e.data;
  switch (msg.type) {
    case 'runCell': return void runCell(msg);
    case 'runCells': return void runCells(msg);
    case 'stop': return cancel?.cancel();
    case 'dispose':
      runner?.dispose();
      runner = null;
      return;
  }
};
