/**
 * The sweep worker: a thin host around core/sweep/cell.ts. The page sends one cell or one batch at a time (each spec is
 * validated again here: a message is input like any other) and gets the reports back; `stop` ends the running cell
 * between two training steps. Its own worker, so a sweep never waits on the notebook's engine (and vice versa).
 */
import { validateSpec } from '../core/spec/experiment.ts';
import { SpecError } from '../core/spec/fields.ts';
import { InMemoryCellRunner } from '../core/sweep/cell.ts';
import { transformerKey } from '../core/sweep/expand.ts';
import { CancelToken } from '../core/sweep/runner.ts';
import type { BackendChoice } from '../host/backends.ts';
import { startBrowserBackend } from '../host/browserBackend.ts';
import type { FromSweepWorker, ToSweepWorker } from './sweepProtocol.ts';

const scope = self as unknown as { postMessage(m: FromSweepWorker): void; onmessage: ((e: MessageEvent<ToSweepWorker>) => void) | null };
const post = (m: FromSweepWorker): void => scope.postMessage(m);

let runner: InMemoryCellRunner | null = null;
let cancel: CancelToken | null = null;

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
    const report = await r.run({ id: msg.id, index: 0, setting: {}, spec, transformerKey: transformerKey(spec) }, cancel);
    post({ type: 'cellDone', id: msg.id, report });
  } catch (e) {
    post({ type: 'cellFailed', id: msg.id, message: e instanceof SpecError ? `invalid cell: ${e.message}` : (e as Error).message });
  } finally {
    cancel = null;
  }
}

async function runCells(msg: Extract<ToSweepWorker, { type: 'runCells' }>): Promise<void> {
  const id = msg.cells[0]?.id ?? '';
  try {
    const cells = msg.cells.map((c, index) => {
      const spec = validateSpec(c.spec);
      return { id: c.id, index, setting: {}, spec, transformerKey: transformerKey(spec) };
    });
    const r = await start(msg.backend);
    cancel = new CancelToken();
    post({ type: 'cellsDone', id, reports: await r.runGroup(cells, cancel) });
  } catch (e) {
    post({ type: 'cellFailed', id, message: e instanceof SpecError ? `invalid cell: ${e.message}` : (e as Error).message });
  } finally {
    cancel = null;
  }
}

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
