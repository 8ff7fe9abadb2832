import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { presetSpec } from '../../src/core/spec/experiment.ts';
import { openLabDb } from '../../src/storage/db.ts';
import type { RunRecordV1 } from '../../src/storage/migrations.ts';
import { NOTEBOOK_ID as LEGACY_EXPERIMENT_ID, STORE_NAMES } from '../../src/storage/schema.ts';

let n = 0;
const freshName = () => `lab-test-${++n}`;
const opened: { close(): void }[] = [];
afterEach(() => opened.splice(0).forEach((db) => db.close()));

function v1Run(id: string, updatedAt: number, withCheckpoint: boolean): RunRecordV1 {
  const spec = presetSpec('tiny');
  return {
    id, kind: 'transformer', name: id, spec, status: 'interrupted', createdAt: 1, updatedAt, backend: 'wasm', step: 20,
    metrics: [{ step: 0 }, { step: 10 }, { step: 20 }] as RunRecordV1['metrics'], summary: null,
    checkpoint: withCheckpoint
      ? { step: 20, savedAt: updatedAt, state: { kind: 'transformer', step: 20, tensors: { 'unembed.W_U': { shape: [2], data: new Float32Array([1, -2]) } }, optimizers: [], rngs: [], counters: {} } }
      : null,
  };
}

describe('the IndexedDB schema', () => {
  it('creates every store on a fresh database', async () => {
    const db = await openLabDb({ name: freshName() });
    opened.push(db);
    expect([...db.objectStoreNames].sort()).toEqual([...STORE_NAMES].sort());
  });

  it('migrates a version-1 store: checkpoints move to their own store, runs and notes join one experiment', async () => {
    const name = freshName();
    const v1 = await openDB(name, 1, {
      upgrade(db) {
        db.createObjectStore('runs', { keyPath: 'id' });
        db.createObjectStore('notes', { keyPath: 'id' });
      },
    });
    await v1.put('runs', v1Run('a', 5, true));
    await v1.put('runs', v1Run('b', 9, false));
    await v1.put('notes', { id: 'n1', runId: 'a', markdown: '# hi', createdAt: 1, updatedAt: 2 });
    v1.close();

    const db = await openLabDb({ name });
    opened.push(db);
    const a = await db.get('runs', 'a');
    expect(a?.checkpointId).toBe('a@20');
    expect(a?.experimentId).toBe(LEGACY_EXPERIMENT_ID);
    expect(a && 'checkpoint' in a).toBe(false);
    expect(a?.metrics).toHaveLength(3);
    const checkpoint = await db.get('checkpoints', 'a@20');
    expect(checkpoint?.runId).toBe('a');
    expect(Array.from(checkpoint!.state.tensors['unembed.W_U'].data)).toEqual([1, -2]);
    expect((await db.get('runs', 'b'))?.checkpointId).toBeNull();
    expect(await db.getAllFromIndex('runs', 'byExperiment', LEGACY_EXPERIMENT_ID)).toHaveLength(2);
    expect((await db.get('notes', 'n1'))?.experimentId).toBe(LEGACY_EXPERIMENT_ID);
    // The experiment takes the newest run's spec.
    expect((await db.get('experiments', LEGACY_EXPERIMENT_ID))?.updatedAt).toBe(9);
  });

  it('closes an old connection when another opens a newer version, and says so', async () => {
    const name = freshName();
    let replaced = false;
    const old = await openLabDb({ name, version: 1, onReplaced: () => (replaced = true) });
    const newer = await openLabDb({ name });
    opened.push(old, newer);
    expect(replaced).toBe(true);
    expect(newer.version).toBe(2);
  });
});
