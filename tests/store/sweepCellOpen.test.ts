/**
 * A finished sweep cell opened from the results table: the notebook takes the cell's spec and its stored SAE weights
 * become the SAE section's finished run (the worker is told to install them, the Stability section waits for that
 * run), at once on the matching transformer or after the transformer is trained again from the cell's spec; a cell
 * without stored weights changes nothing and says why.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { presetSpec, type ExperimentSpec } from '../../src/core/spec/experiment.ts';
import { initialSaeWeights, type SaeWeights } from '../../src/core/sae/init.ts';
import { cellWeightsCheckpoint, cellWeightsOf } from '../../src/core/sweep/cellWeights.ts';
import { expandSweep } from '../../src/core/sweep/expand.ts';
import { validateSweep } from '../../src/core/sweep/spec.ts';
import type { TransformerRunSummary } from '../../src/core/train/loop.ts';
import { type LabDb, openLabDb } from '../../src/storage/db.ts';
import { putCellWeights, putRun } from '../../src/storage/repo.ts';
import type { EngineClient } from '../../src/worker/client.ts';
import type { ToWorker } from '../../src/worker/protocol.ts';
import { startingBackend } from '../../src/store/backendSlice.ts';
import { initialRunKindStates } from '../../src/store/runKinds/index.ts';
import { initialStability } from '../../src/store/stabilitySlice.ts';
import { StorageContext, type StorageHost } from '../../src/store/storageContext.ts';
import { initialStorage } from '../../src/store/storageSlice.ts';
import { sweepCellActions } from '../../src/store/sweepCellOpen.ts';
import { newSweepRecord, storedReports } from '../../src/store/sweepRecord.ts';

const sweep = validateSweep({
  sweepVersion: 1, name: 'tiny-sweep', base: presetSpec('tiny'), seeds: [1, 2],
  axes: [{ field: 'saes.k', values: [4, 8] }, { field: 'saes.expansion', values: [2, 4] }],
});
const cells = expandSweep(sweep);
const cell = cells[1];
const RECORD = 'sweep-record';

/** The cell's two seeds' SAEs, distinct per seed so a mix-up shows. */
function cellWeights(): SaeWeights[] {
  const dIn = cell.spec.transformer.dModel;
  const n = dIn * cell.spec.saes!.expansion;
  return cell.spec.saes!.seeds.map((seed) => initialSaeWeights(seed, dIn, n, 1, new Float32Array(dIn)));
}

let n = 0;
const dbs: LabDb[] = [];
afterEach(() => dbs.splice(0).forEach((db) => db.close()));

/** A page showing the stored sweep (cell weights written for `withWeights`), its sent messages and loaded specs. */
async function page(withWeights: boolean) {
  const db = await openLabDb({ name: `sweep-cell-open-${++n}` });
  dbs.push(db);
  await putRun(db, newSweepRecord(RECORD, sweep, 'cpu', 0));
  const weights = cellWeights();
  if (withWeights) await putCellWeights(db, RECORD, cell.index, cellWeightsCheckpoint(weights, 10));
  const sent: ToWorker[] = [];
  const loaded: ExperimentSpec[] = [];
  const kinds = initialRunKindStates();
  let state: StorageHost = {
    ...kinds, engine: { send: (m: ToWorker) => sent.push(m) } as unknown as EngineClient, backend: { ...startingBackend('cpu'), active: 'cpu' },
    stability: initialStability(), storage: initialStorage(), loadSpec: (spec) => void loaded.push(spec),
    sweep: { ...kinds.sweep, stored: { recordId: RECORD, sweep, reports: storedReports([]), note: '', elsewhere: false } },
  };
  const ctx = new StorageContext((c) => { state = { ...state, ...(typeof c === 'function' ? c(state) : c) }; }, () => state);
  ctx.db = db;
  let starts = 0;
  // The transformer section's start: a new run of the loaded spec, running.
  const start = () => {
    starts++;
    state = { ...state, transformer: { ...state.transformer, runId: state.transformer.runId + 1, runSpec: cell.spec.transformer, status: 'running', summary: null } };
  };
  const { actions, hooks } = sweepCellActions(ctx, start);
  return { get: () => state, set: (s: Partial<StorageHost>) => void (state = { ...state, ...s }), sent, loaded, weights, actions, hooks, starts: () => starts };
}

const summary = { stopped: false } as TransformerRunSummary;
const installs = (sent: ToWorker[]) => sent.filter((m) => m.type === 'import');

describe('opening a stored sweep cell', () => {
  it('installs its stored SAEs at once on the notebook transformer of the same spec, and names the cell', async () => {
    const p = await page(true);
    p.set({ transformer: { ...p.get().transformer, status: 'done', runSpec: { ...cell.spec.transformer }, summary } });
    const before = p.get().saes.runId;
    await p.actions.openSweepCell(cell.id);

    expect(p.loaded).toEqual([cell.spec]);
    expect(p.starts()).toBe(0);
    const { saes, stability, sweep: s } = p.get();
    expect(saes.runId).toBe(before + 1);
    expect(saes.runSpec).toEqual(cell.spec.saes);
    expect(saes.status).toBe('running');
    expect(saes.openedCell).toEqual({ sweepName: 'tiny-sweep', cellId: cell.id, recordId: RECORD, retrained: false });
    expect(stability.runId).toBe(saes.runId);
    expect(s.openNote).toMatchObject({ id: cell.id, ok: true });
    expect(s.openNote!.text).toContain(`sweep "tiny-sweep" cell "${cell.id}"`);

    const [install] = installs(p.sent);
    expect(install).toMatchObject({ type: 'import', section: 'saes', runId: saes.runId, spec: cell.spec.saes });
    const got = (install as Extract<ToWorker, { type: 'import' }>).weights;
    expect(got).toHaveLength(2);
    got.forEach((w, i) => {
      expect(Array.from(w.W_dec)).toEqual(Array.from(p.weights[i].W_dec));
      expect([w.dIn, w.dSae]).toEqual([p.weights[i].dIn, p.weights[i].dSae]);
    });
  });

  it('trains the transformer again from the cell spec first when the notebook has another, then installs the SAEs', async () => {
    const p = await page(true);
    await p.actions.openSweepCell(cell.id);
    expect(p.starts()).toBe(1);
    expect(installs(p.sent)).toHaveLength(0);
    expect(p.get().sweep.openNote).toMatchObject({ ok: true });

    p.hooks.step(); // still training: nothing yet
    expect(installs(p.sent)).toHaveLength(0);
    p.set({ transformer: { ...p.get().transformer, status: 'done', summary } });
    p.hooks.step();
    expect(installs(p.sent)).toHaveLength(1);
    expect(p.get().saes.openedCell).toMatchObject({ cellId: cell.id, retrained: true });
    p.hooks.step(); // installed once
    expect(installs(p.sent)).toHaveLength(1);
  });

  it('drops a waiting cell whose transformer was stopped, and says so', async () => {
    const p = await page(true);
    await p.actions.openSweepCell(cell.id);
    p.set({ transformer: { ...p.get().transformer, status: 'done', summary: { stopped: true } as TransformerRunSummary } });
    p.hooks.step();
    expect(installs(p.sent)).toHaveLength(0);
    expect(p.get().sweep.openNote).toMatchObject({ id: cell.id, ok: false });
  });

  it('changes nothing for a cell without stored weights and says why', async () => {
    const p = await page(false);
    const before = p.get();
    await p.actions.openSweepCell(cell.id);
    expect(p.loaded).toHaveLength(0);
    expect(p.sent).toHaveLength(0);
    expect(p.starts()).toBe(0);
    expect(p.get().saes).toBe(before.saes);
    expect(p.get().stability).toBe(before.stability);
    expect(p.get().sweep.openNote).toMatchObject({ id: cell.id, ok: false });
    expect(p.get().sweep.openNote!.text).toContain('no stored SAE weights');
  });

  it('refuses while a run trains', async () => {
    const p = await page(true);
    p.set({ transformer: { ...p.get().transformer, status: 'running' } });
    await p.actions.openSweepCell(cell.id);
    expect(p.sent).toHaveLength(0);
    expect(p.get().sweep.openNote).toMatchObject({ ok: false });
  });
});

describe('cellWeightsOf', () => {
  it('reads back what cellWeightsCheckpoint stored, and refuses a checkpoint with fewer seeds', () => {
    const weights = cellWeights();
    const checkpoint = cellWeightsCheckpoint(weights, 10);
    expect(cellWeightsOf(checkpoint, 2)).toEqual(weights);
    expect(cellWeightsOf(checkpoint, 3)).toBeNull();
    expect(cellWeightsOf({ ...checkpoint, kind: 'transformer' }, 2)).toBeNull();
  });
});
