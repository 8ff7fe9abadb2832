import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { presetSpec } from '../../src/core/spec/experiment.ts';
import { type LabDb, isQuotaError, openLabDb } from '../../src/storage/db.ts';
import * as repo from '../../src/storage/repo.ts';
import type { RunRecord } from '../../src/storage/schema.ts';

let n = 0;
const dbs: LabDb[] = [];
async function fresh(): Promise<LabDb> {
  const db = await openLabDb({ name: `repo-test-${++n}` });
  dbs.push(db);
  return db;
}
afterEach(() => dbs.splice(0).forEach((db) => db.close()));

function run(id: string, updatedAt = 1): RunRecord {
  return {
    id, experimentId: 'e1', kind: 'transformer', name: id, spec: presetSpec('tiny'), status: 'running',
    createdAt: 1, updatedAt, backend: 'cpu', step: 0, metrics: [], summary: null, checkpointId: null,
  };
}

const state = (step: number, value: number) => ({
  kind: 'transformer' as const, step, optimizers: [], rngs: [], counters: {},
  tensors: { w: { shape: [1], data: new Float32Array([value]) } },
});

describe('storage repository', () => {
  it('lists runs newest first, renames and deletes them with their checkpoints and notes', async () => {
    const db = await fresh();
    await repo.putRun(db, run('old', 1));
    await repo.putRun(db, run('new', 2));
    expect((await repo.listRuns(db, 'e1')).map((r) => r.id)).toEqual(['new', 'old']);
    await repo.renameRun(db, 'old', 'renamed');
    expect((await repo.getRun(db, 'old'))?.name).toBe('renamed');
    await repo.saveCheckpoint(db, { runId: 'old', step: 5, savedAt: 1, state: state(5, 1) });
    await repo.putNote(db, { id: 'n', experimentId: 'e1', runId: 'old', markdown: 'x', createdAt: 1, updatedAt: 1 });
    await repo.putNote(db, { id: 'keep', experimentId: 'e1', runId: null, markdown: 'y', createdAt: 2, updatedAt: 2 });
    await repo.deleteRun(db, 'old');
    expect(await repo.getRun(db, 'old')).toBeUndefined();
    expect(await db.count('checkpoints')).toBe(0);
    expect((await repo.listNotes(db, 'e1')).map((x) => x.id)).toEqual(['keep']);
  });

  it('keeps a sweep\'s running-batch checkpoint for exactly its cells, beside the cell weights, until deleted', async () => {
    const db = await fresh();
    await repo.putRun(db, { ...run('sweep'), kind: 'sweep' } as RunRecord);
    const saved = { ...state(7, 3), kind: 'saes' as const };
    await repo.putRunningCells(db, 'sweep', [2, 3], saved);
    await repo.putCellWeights(db, 'sweep', 0, { ...state(0, 1), kind: 'saes' });
    const back = await repo.runningCells(db, 'sweep', [2, 3]);
    expect(back?.step).toBe(7);
    expect(back?.counters).toEqual({}); // the cells' tag stays in storage
    expect(back?.tensors.w.data).toEqual(new Float32Array([3]));
    expect(await repo.runningCells(db, 'sweep', [2])).toBeNull(); // another batch does not continue from it
    expect(await repo.runningCells(db, 'sweep', [3, 2])).toBeNull();
    await repo.deleteRunningCells(db, 'sweep');
    expect(await repo.runningCells(db, 'sweep', [2, 3])).toBeNull();
    expect(await db.count('checkpoints')).toBe(1); // the finished cell's weights stay
    await repo.putRunningCells(db, 'sweep', [2, 3], saved);
    await repo.deleteRun(db, 'sweep');
    expect(await db.count('checkpoints')).toBe(0);
  });

  it('keeps a comparison\'s mid-arm point, one per run, replaced as it trains, deleted with the run', async () => {
    const db = await fresh();
    await repo.putRun(db, { ...run('cmp'), kind: 'stabilise' } as RunRecord);
    const point = (step: number) => ({
      label: 'tiedInit', stab: { method: 'tiedInit' } as never, group: 0, done: [], state: { ...state(step, step), kind: 'saes' as const },
    });
    expect(await repo.armPoint(db, 'cmp')).toBeNull();
    await repo.putArmPoint(db, 'cmp', point(5));
    await repo.putArmPoint(db, 'cmp', point(10));
    const back = await repo.armPoint(db, 'cmp');
    expect([back?.label, back?.group, back?.state.step, back?.state.tensors.w.data]).toEqual(['tiedInit', 0, 10, new Float32Array([10])]);
    expect(await db.count('checkpoints')).toBe(1);
    expect(await repo.latestCheckpoint(db, 'cmp')).toBeNull(); // the run does not point at it: it resumes by arms
    await repo.deleteRun(db, 'cmp');
    expect(await repo.armPoint(db, 'cmp')).toBeNull();
  });

  it('keeps only the newest checkpoint once it is written, and the run points at it', async () => {
    const db = await fresh();
    await repo.putRun(db, run('r'));
    await repo.saveCheckpoint(db, { runId: 'r', step: 10, savedAt: 1, state: state(10, 1) });
    await repo.saveCheckpoint(db, { runId: 'r', step: 20, savedAt: 2, state: state(20, 2) });
    expect(await db.count('checkpoints')).toBe(1);
    const latest = await repo.latestCheckpoint(db, 'r');
    expect(latest?.step).toBe(20);
    expect(latest?.state.tensors.w.data[0]).toBe(2);
    expect((await repo.getRun(db, 'r'))?.step).toBe(20);
  });

  it('leaves the earlier checkpoint readable when a write fails for quota', async () => {
    const db = await fresh();
    await repo.putRun(db, run('r'));
    await repo.saveCheckpoint(db, { runId: 'r', step: 10, savedAt: 1, state: state(10, 1) });
    // fake-indexeddb has no quota: make the checkpoint store's put fail the way a full origin does.
    const proto = Object.getPrototypeOf(db.transaction('checkpoints').store) as { put: (...a: unknown[]) => unknown };
    const realPut = proto.put;
    proto.put = function (...args: unknown[]) {
      if ((this as unknown as { name: string }).name === 'checkpoints') throw new DOMException('quota', 'QuotaExceededError');
      return realPut.apply(this, args);
    };
    try {
      const err = await repo.saveCheckpoint(db, { runId: 'r', step: 20, savedAt: 2, state: state(20, 2) }).catch((e: unknown) => e);
      expect(isQuotaError(err)).toBe(true);
    } finally {
      proto.put = realPut;
    }
    const latest = await repo.latestCheckpoint(db, 'r');
    expect(latest?.step).toBe(10);
    expect(latest?.state.tensors.w.data[0]).toBe(1);
  });

  it('ignores an update of a run that was deleted meanwhile', async () => {
    const db = await fresh();
    expect(await repo.updateRun(db, 'missing', { status: 'done' })).toBeNull();
    expect(await db.count('runs')).toBe(0);
  });

  it('stores a run that arrives whole with its checkpoint in one write, and refuses a checkpoint of another run', async () => {
    const db = await fresh();
    const rec = { ...run('imported'), status: 'done' as const, checkpointId: repo.checkpointId('imported', 0) };
    const checkpoint = { id: repo.checkpointId('imported', 0), runId: 'imported', step: 0, savedAt: 1, state: state(0, 3) };
    await expect(repo.putRunWithCheckpoint(db, rec, { ...checkpoint, runId: 'other' })).rejects.toThrow(/does not belong/);
    expect(await repo.getRun(db, 'imported')).toBeUndefined();
    await repo.putRunWithCheckpoint(db, rec, checkpoint);
    expect(await repo.getRun(db, 'imported')).toEqual(rec);
    expect((await repo.latestCheckpoint(db, 'imported'))?.state.tensors.w.data).toEqual(new Float32Array([3]));
  });
});
