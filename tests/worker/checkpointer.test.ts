import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../src/core/spec/experiment.ts';
import { openLabDb } from '../../src/storage/db.ts';
import * as repo from '../../src/storage/repo.ts';
import type { RunRecord } from '../../src/storage/schema.ts';
import { Checkpointer, WorkerStorage } from '../../src/worker/checkpointer.ts';
import type { FromWorker } from '../../src/worker/protocol.ts';
import { TransformerRun } from '../../src/worker/transformerRun.ts';
import { useBackend } from '../helpers/backend.ts';

const experiment = presetSpec('tiny');
const spec = { ...experiment.transformer, p: 11, dModel: 16, nHeads: 2, dMlp: 32, steps: 8, evalEvery: 4 };

async function storedRun(id: string): Promise<void> {
  const db = await openLabDb();
  const run: RunRecord = {
    id, experimentId: 'e', kind: 'transformer', name: id, spec: { ...experiment, transformer: spec }, status: 'running',
    createdAt: 1, updatedAt: 1, backend: 'cpu', step: 0, metrics: [], summary: null, checkpointId: null,
  };
  await repo.putRun(db, run);
  db.close();
}

async function runToEnd(run: TransformerRun): Promise<void> {
  await run.start();
  await run.dispose();
}

describe('checkpoints written by the worker', () => {
  it('a run stores its final checkpoint with its curves before it reports done; a run built from it starts at that step', async () => {
    await useBackend('cpu');
    await storedRun('a');
    const storage = new WorkerStorage();
    const sent: FromWorker[] = [];
    const post = (m: FromWorker) => sent.push(m);
    await runToEnd(new TransformerRun(spec, 1, post, null, { checkpoints: new Checkpointer(storage, 'a', 'transformer', 1, post) }));
    const types = sent.map((m) => m.type);
    expect(types.indexOf('checkpointed')).toBeGreaterThan(-1);
    expect(types.indexOf('checkpointed')).toBeLessThan(types.indexOf('done'));
    const stored = await storage.latest('a');
    expect(stored.step).toBe(8);
    // The curves up to the checkpoint are stored with it (the page's writes may lag behind when a tab goes away).
    const { history } = await storage.resumePoint('a');
    expect(history.map((m) => m.step)).toEqual([0, 4, 8]);
    const resumed = new TransformerRun({ ...spec, steps: 12 }, 2, () => {}, null, { from: stored.state });
    expect(resumed.source().step).toBe(8);
    await resumed.dispose();
  });

  it('a quota error is reported as such, training goes on to the end, and the earlier checkpoint stays', async () => {
    await useBackend('cpu');
    await storedRun('b');
    const storage = new WorkerStorage();
    const sent: FromWorker[] = [];
    const post = (m: FromWorker) => sent.push(m);
    const checkpoints = new Checkpointer(storage, 'b', 'transformer', 1, post);
    const first = new TransformerRun({ ...spec, steps: 4 }, 1, post, null, { checkpoints });
    await runToEnd(first);
    expect((await storage.latest('b')).step).toBe(4);

    // fake-indexeddb has no quota: make the checkpoint store's put fail as a full origin does.
    const db = await storage.open();
    const proto = Object.getPrototypeOf(db.transaction('checkpoints').store) as { put: (...a: unknown[]) => unknown };
    const realPut = proto.put;
    proto.put = function (...args: unknown[]) {
      if ((this as unknown as { name: string }).name === 'checkpoints') throw new DOMException('full', 'QuotaExceededError');
      return realPut.apply(this, args);
    };
    try {
      sent.length = 0;
      const from = (await storage.latest('b')).state;
      const again = new Checkpointer(storage, 'b', 'transformer', 2, post, { step: from.step, history: [] });
      await runToEnd(new TransformerRun(spec, 2, post, null, { from, checkpoints: again }));
    } finally {
      proto.put = realPut;
    }
    const failed = sent.find((m) => m.type === 'checkpointFailed');
    expect(failed).toMatchObject({ quota: true, step: 8, runId: 2 });
    expect(sent.some((m) => m.type === 'done' && m.summary.steps === 8)).toBe(true);
    const kept = await storage.latest('b');
    expect(kept.step).toBe(4);
    expect(kept.state.step).toBe(4);
  });
});
