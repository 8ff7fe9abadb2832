import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { presetSpec } from '../../src/core/spec/experiment.ts';
import type { TransformerRunSummary } from '../../src/core/train/loop.ts';
import { type LabDb, openLabDb } from '../../src/storage/db.ts';
import * as repo from '../../src/storage/repo.ts';
import type { RunRecord } from '../../src/storage/schema.ts';
import { RunRecorder } from '../../src/store/recorder.ts';
import type { FromWorker } from '../../src/worker/protocol.ts';

let n = 0;
const dbs: LabDb[] = [];
afterEach(() => dbs.splice(0).forEach((db) => db.close()));

async function withRun(): Promise<LabDb> {
  const db = await openLabDb({ name: `recorder-${++n}` });
  dbs.push(db);
  const run: RunRecord = {
    id: 'r', experimentId: 'e', kind: 'transformer', name: 'r', spec: presetSpec('tiny'), status: 'running',
    createdAt: 1, updatedAt: 1, backend: 'wasm', step: 0, metrics: [], summary: null, checkpointId: null,
  };
  await repo.putRun(db, run);
  return db;
}

const point = (step: number) => ({ step, trainLoss: 1 / (step + 1), testLoss: 2, trainAcc: 0, testAcc: 0, lr: 1e-3 });
const metrics = (runId: number, steps: number[]): FromWorker => ({ type: 'metrics', section: 'transformer', runId, points: steps.map(point) });
const summary = (stopped: boolean, steps: number) => ({ stopped, steps, final: point(steps), wallSeconds: 1, msPerStep: 1, stepsToGrok: null, secondsToGrok: null }) as TransformerRunSummary;

describe('the run recorder', () => {
  it('batches metrics (nothing written until a flush), ignores other runs, and writes status changes at once with the curves', async () => {
    const db = await withRun();
    const rec = new RunRecorder(db, 'r', 'transformer', 7, () => {}, [], 0);
    rec.receive(metrics(7, [0, 10]));
    rec.receive(metrics(6, [99])); // an older page run
    rec.receive({ type: 'metrics', section: 'saes', runId: 7, points: [] });
    await rec.flush();
    expect((await repo.getRun(db, 'r'))?.metrics.map((m: unknown) => (m as { step: number }).step)).toEqual([0, 10]);
    rec.receive(metrics(7, [20]));
    rec.receive({ type: 'status', section: 'transformer', runId: 7, status: 'paused', message: 'paused at step 20' });
    await rec.flush();
    const stored = await repo.getRun(db, 'r');
    expect(stored?.status).toBe('paused');
    expect(stored?.step).toBe(20);
    expect(stored?.metrics).toHaveLength(3);
  });

  it('a stopped run is stored as stopped with its summary; a checkpoint written meanwhile by the worker is kept', async () => {
    const db = await withRun();
    const rec = new RunRecorder(db, 'r', 'transformer', 1, () => {}, [point(0)], 0);
    rec.receive(metrics(1, [10]));
    // The worker's connection writes a checkpoint between the page's writes: neither overwrites the other.
    await repo.saveCheckpoint(db, { runId: 'r', step: 10, savedAt: 5, state: { kind: 'transformer', step: 10, tensors: {}, optimizers: [], rngs: [], counters: {} } });
    rec.receive({ type: 'done', section: 'transformer', runId: 1, summary: summary(true, 12) });
    await rec.close();
    const stored = await repo.getRun(db, 'r');
    expect(stored?.status).toBe('stopped');
    expect((stored?.summary as TransformerRunSummary).steps).toBe(12);
    expect(stored?.checkpointId).toBe('r@10');
    expect(stored?.metrics.map((m: unknown) => (m as { step: number }).step)).toEqual([0, 10]);
  });

  it('of the page\'s and the worker\'s metric histories, the longer one stays stored', async () => {
    const db = await withRun();
    const rec = new RunRecorder(db, 'r', 'transformer', 1, () => {}, [], 0);
    rec.receive(metrics(1, [0]));
    const state = { kind: 'transformer' as const, step: 20, tensors: {}, optimizers: [], rngs: [], counters: {} };
    await repo.saveCheckpoint(db, { runId: 'r', step: 20, savedAt: 5, state }, [point(0), point(10), point(20)]);
    await rec.flush(); // the page is behind the checkpoint: its one point must not replace three
    const steps = async () => (await repo.getRun(db, 'r'))?.metrics.map((m: unknown) => (m as { step: number }).step);
    expect(await steps()).toEqual([0, 10, 20]);
    rec.receive(metrics(1, [10, 20, 30]));
    await rec.flush();
    expect(await steps()).toEqual([0, 10, 20, 30]);
    expect((await repo.getRun(db, 'r'))?.step).toBe(30);
  });

  it('a failed write goes to the error handler and later writes still happen', async () => {
    const db = await withRun();
    const errors: unknown[] = [];
    const rec = new RunRecorder(db, 'r', 'transformer', 1, (e) => errors.push(e), [], 0);
    const proto = Object.getPrototypeOf(db.transaction('runs', 'readwrite').store) as { put: (...a: unknown[]) => unknown };
    const storePut = proto.put;
    proto.put = () => {
      throw new DOMException('full', 'QuotaExceededError');
    };
    rec.receive(metrics(1, [0]));
    await rec.flush();
    proto.put = storePut;
    expect(errors).toHaveLength(1);
    expect((errors[0] as DOMException).name).toBe('QuotaExceededError');
    rec.receive(metrics(1, [10]));
    await rec.flush();
    expect((await repo.getRun(db, 'r'))?.metrics).toHaveLength(2);
  });
});
