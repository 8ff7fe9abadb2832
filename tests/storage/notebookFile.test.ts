import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { type LabDb, openLabDb } from '../../src/storage/db.ts';
import {
  NotebookFileError, encodeNotebook, exportNotebook, importNotebook, importNotebookFile, parseNotebookFile, readNotebook,
} from '../../src/storage/notebookFile.ts';
import * as repo from '../../src/storage/repo.ts';
import { NOTEBOOK_ID, STORE_NAMES } from '../../src/storage/schema.ts';
import { sampleNotebook } from './notebookFixture.ts';

let n = 0;
const dbs: LabDb[] = [];
async function fresh(): Promise<LabDb> {
  const db = await openLabDb({ name: `notebook-file-${++n}` });
  dbs.push(db);
  return db;
}
afterEach(() => dbs.splice(0).forEach((db) => db.close()));

async function fill(db: LabDb): Promise<void> {
  const c = sampleNotebook();
  await repo.putExperiment(db, c.experiment!);
  for (const r of c.runs) await repo.putRun(db, r);
  for (const k of c.checkpoints) await db.put('checkpoints', k);
  for (const note of c.notes) await repo.putNote(db, note);
}

/** Every record of every store, for before/after comparisons. */
async function everything(db: LabDb) {
  return Object.fromEntries(await Promise.all(STORE_NAMES.map(async (s) => [s, await db.getAll(s)] as const)));
}

describe('notebook file', () => {
  it('exported from one store and imported into an empty one gives equal records, tensors bit-identical', async () => {
    const from = await fresh();
    await fill(from);
    const bytes = await exportNotebook(from);
    const to = await fresh();
    const { summary } = await importNotebookFile(to, bytes);
    expect(summary).toEqual({ runs: 2, checkpoints: 2, notes: 2, skipped: 0, renamed: 0 });
    const [a, b] = [await everything(from), await everything(to)];
    expect(b).toEqual(a);
    const bits = (db: typeof a) => new Uint32Array((db.checkpoints.find((k) => k.id === 't1@60')!.state.tensors['embed.W_E'].data).buffer);
    expect(Array.from(bits(b))).toEqual(Array.from(bits(a))); // NaN payload and -0 included
  });

  it('imports the same file twice without duplicates', async () => {
    const db = await fresh();
    const bytes = encodeNotebook(sampleNotebook());
    await importNotebookFile(db, bytes);
    const before = await everything(db);
    const { summary } = await importNotebookFile(db, bytes);
    expect(summary).toMatchObject({ runs: 0, checkpoints: 0, notes: 0, skipped: 6 });
    expect(await everything(db)).toEqual(before);
  });

  it('gives clashing runs and notes new ids, moves their checkpoints and notes along, and keeps the stored ones', async () => {
    const db = await fresh();
    await fill(db);
    const other = sampleNotebook();
    other.runs[1].name = 'another machine';
    other.notes[0].markdown = 'different text';
    const { summary } = await importNotebookFile(db, encodeNotebook(other));
    expect(summary).toMatchObject({ runs: 1, checkpoints: 1, notes: 2, renamed: 3 }); // s1, n1 (other text), n2 (now on the copy of s1)
    const runs = await repo.listRuns(db, NOTEBOOK_ID);
    const copy = runs.find((r) => r.name === 'another machine')!;
    expect(copy.id).not.toBe('s1');
    expect((await repo.getRun(db, 's1'))!.name).toBe('tiny SAEs');
    expect((await repo.latestCheckpoint(db, copy.id))!.state.tensors['seed42.W_dec'].data).toEqual(other.checkpoints[1].state.tensors['seed42.W_dec'].data);
    const notes = await repo.listNotes(db, NOTEBOOK_ID);
    expect(notes.filter((x) => x.runId === copy.id).map((x) => x.markdown)).toEqual([other.notes[1].markdown]);
    expect(notes.map((x) => x.markdown)).toContain('different text');
    expect(notes.map((x) => x.markdown)).toContain('# Plan\n\nTry **k = 8**.');
  });

  it('brings a run that was running back as interrupted', async () => {
    const db = await fresh();
    const c = sampleNotebook();
    c.runs[0].status = 'running';
    await importNotebookFile(db, encodeNotebook(c));
    expect((await repo.getRun(db, 't1'))!.status).toBe('interrupted');
  });

  it('leaves the store untouched when the write fails part-way (quota)', async () => {
    const db = await fresh();
    await fill(db);
    const before = await everything(db);
    const other = sampleNotebook();
    other.runs.forEach((r) => (r.id = `x-${r.id}`));
    other.checkpoints.forEach((k) => ((k.runId = `x-${k.runId}`), (k.id = `x-${k.id}`)));
    other.runs.forEach((r) => (r.checkpointId = `x-${r.checkpointId}`));
    other.runs[1].source = { runId: 'x-t1', step: 60 };
    other.notes.forEach((x) => ((x.id = `x-${x.id}`), (x.runId = x.runId && `x-${x.runId}`)));
    const contents = parseNotebookFile(encodeNotebook(other));
    const proto = Object.getPrototypeOf(db.transaction('notes').store) as { put: (...a: unknown[]) => unknown };
    const realPut = proto.put;
    proto.put = function (...args: unknown[]) {
      if ((this as unknown as { name: string }).name === 'notes') throw new DOMException('quota', 'QuotaExceededError');
      return realPut.apply(this, args);
    };
    try {
      await expect(importNotebook(db, contents)).rejects.toThrow('quota');
    } finally {
      proto.put = realPut;
    }
    expect(await everything(db)).toEqual(before);
  });

  it('a sweep\'s cell weights travel in the file; points that only continue work in this browser stay out', async () => {
    const from = await fresh();
    await fill(from);
    const base = sampleNotebook().runs[1];
    const saeState = (step: number) => ({ ...sampleNotebook().checkpoints[1].state, step });
    await repo.putRun(from, { ...base, id: 'w1', kind: 'sweep', name: 'a sweep', status: 'interrupted', step: 0, checkpointId: null } as never);
    await repo.putRun(from, { ...base, id: 'c1', kind: 'stabilise', name: 'a comparison', status: 'interrupted', step: 0, checkpointId: null } as never);
    await repo.putCellWeights(from, 'w1', 0, saeState(12)); // cell 0, trained 12 SAE steps
    await repo.putRunningCells(from, 'w1', [1, 2], saeState(4));
    await repo.putArmPoint(from, 'c1', { label: 'tiedInit', stab: { method: 'tiedInit' } as never, group: 0, done: [], state: saeState(6) });
    const to = await fresh();
    const { summary } = await importNotebookFile(to, await exportNotebook(from));
    expect(summary).toMatchObject({ runs: 4, checkpoints: 3 });
    expect((await repo.getCellWeights(to, 'w1', 0))?.step).toBe(12);
    expect(await repo.runningCells(to, 'w1', [1, 2])).toBeNull();
    expect(await repo.armPoint(to, 'c1')).toBeNull();
  });

  it('reads what readNotebook reads: only the page notebook, checkpoints of its runs', async () => {
    const db = await fresh();
    await fill(db);
    await repo.putNote(db, { id: 'elsewhere', experimentId: 'other', runId: null, markdown: 'x', createdAt: 1, updatedAt: 1 });
    const c = await readNotebook(db);
    expect(c.notes.map((x) => x.id)).toEqual(['n1', 'n2']);
    expect(c.checkpoints.map((k) => k.id).sort()).toEqual(['s1@5', 't1@60']);
    expect(() => parseNotebookFile(new Uint8Array(3))).toThrow(NotebookFileError);
  });
});
