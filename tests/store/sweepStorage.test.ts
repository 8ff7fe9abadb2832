/**
 * A sweep as a stored run: its record keeps every finished cell's report, a fresh page (a reload) shows those cells'
 * rows, and continuing the same sweep runs only the unfinished cells into the same record.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExperimentReport } from '../../src/core/report.ts';
import { presetSpec } from '../../src/core/spec/experiment.ts';
import { type SweepCell, expandSweep } from '../../src/core/sweep/expand.ts';
import { type RunCell, SweepRunner } from '../../src/core/sweep/runner.ts';
import { validateSweep } from '../../src/core/sweep/spec.ts';
import { type LabDb, openLabDb } from '../../src/storage/db.ts';
import { getRun, listRuns } from '../../src/storage/repo.ts';
import type { RunRecordOf } from '../../src/storage/schema.ts';
import { startingBackend } from '../../src/store/backendSlice.ts';
import { sweepRuns } from '../../src/store/runKinds/sweep.ts';
import { initialRunKindStates, interruptedNote } from '../../src/store/runKinds/index.ts';
import { StorageContext, type StorageHost } from '../../src/store/storageContext.ts';
import { initialStability } from '../../src/store/stabilitySlice.ts';
import { initialStorage } from '../../src/store/storageSlice.ts';
import { storedTable } from '../../src/store/sweepRecord.ts';
import { sweepStorageActions } from '../../src/store/sweepStorage.ts';

const sweep = validateSweep({
  sweepVersion: 1, name: 'tiny-sweep', base: presetSpec('tiny'), seeds: [1, 2],
  axes: [{ field: 'saes.k', values: [4, 8] }, { field: 'saes.expansion', values: [2, 4] }],
});
const cells = expandSweep(sweep);
const reportFor = (cell: SweepCell) => ({
  spec: cell.spec, transformer: { wallSeconds: 0 }, fourier: {},
  saes: [{ fvu: cell.spec.saes!.k! / 10, l0: cell.spec.saes!.k!, deadFraction: 0, wallSeconds: 1 }],
}) as unknown as ExperimentReport;

let n = 0;
const dbs: LabDb[] = [];
afterEach(() => dbs.splice(0).forEach((db) => db.close()));

/** One page: its store (the slices storage reads) and its sweep storage actions over the shared database. */
async function page(name: string) {
  const db = await openLabDb({ name });
  dbs.push(db);
  let state: StorageHost = {
    ...initialRunKindStates(), engine: null, backend: { ...startingBackend('cpu'), active: 'cpu' },
    stability: initialStability(), storage: initialStorage(), loadSpec() {},
  };
  const ctx = new StorageContext((c) => { state = { ...state, ...(typeof c === 'function' ? c(state) : c) }; }, () => state);
  ctx.db = db;
  return { db, ctx, actions: sweepStorageActions(ctx), get: () => state };
}

/** Runs the sweep on a page the way the Sweep section does: begin, record each cell, report every state. */
async function runOn(p: Awaited<ReturnType<typeof page>>, runCell: RunCell, adopt = new Map<string, ExperimentReport>()) {
  const id = await p.actions.beginSweep(sweep);
  const started: string[] = [];
  const runner = new SweepRunner(cells, async (cell, cancel) => {
    started.push(cell.id);
    const report = await runCell(cell, cancel);
    p.actions.recordSweepCell(cell, report);
    return report;
  }, (progress) => p.actions.sweepProgress(progress));
  runner.adopt(adopt);
  return { id: id!, started, runner };
}

/** Polls the stored record until it satisfies `ok` (a state, not a duration). */
async function storedUntil(db: LabDb, id: string, ok: (r: RunRecordOf<'sweep'>) => boolean): Promise<RunRecordOf<'sweep'>> {
  for (;;) {
    const rec = await getRun(db, id);
    if (rec?.kind === 'sweep' && ok(rec)) return rec;
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('a sweep as a stored run', () => {
  it('keeps finished cells through a reload and continues with only the unfinished ones, in the same record', async () => {
    const name = `sweep-store-${++n}`;
    const first = await page(name);
    // The third cell never finishes: the tab goes away while it runs.
    const { id, started, runner } = await runOn(first, (cell) => (cell.index < 2 ? Promise.resolve(reportFor(cell)) : new Promise(() => undefined)));
    void runner.start();
    const interrupted = await storedUntil(first.db, id, (r) => r.metrics.length === 2);
    expect(started).toEqual(cells.slice(0, 3).map((c) => c.id));
    expect(interrupted.status).toBe('running');
    expect(interrupted.info?.sweep).toEqual(sweep);
    expect(interrupted.metrics.map((m) => m.id)).toEqual(cells.slice(0, 2).map((c) => c.id));
    // What Run history says of it once a reload finds it interrupted: its cells, not a checkpoint step.
    expect(interruptedNote(interrupted)).toBe('interrupted with 2 of 4 cells finished; the Sweep section\'s Continue runs the rest');

    // A reload: a fresh page shows the stored sweep with the finished cells' rows.
    const second = await page(name);
    sweepRuns.show({ set: second.ctx.set, get: second.get, send: () => undefined }, { ...interrupted, status: 'interrupted' }, 'stored', null, false);
    const shown = second.get().sweep.stored!;
    expect(shown.recordId).toBe(id);
    expect(shown.note).toContain('2 of 4 cells finished');
    const table = storedTable(shown.sweep, shown.reports);
    expect(table.rows.map((r) => r.id)).toEqual(cells.slice(0, 2).map((c) => c.id));
    expect(table.missing).toEqual(cells.slice(2).map((c) => c.id));

    // Continue: the same record, only the unfinished cells run, and it ends done with every cell.
    const resumed = await runOn(second, async (cell) => reportFor(cell), shown.reports);
    expect(resumed.id).toBe(id);
    const final = await resumed.runner.start();
    expect(resumed.started).toEqual(cells.slice(2).map((c) => c.id));
    expect(final.table.rows).toHaveLength(4);
    const done = await storedUntil(second.db, id, (r) => r.status === 'done');
    expect(done.metrics.map((m) => m.id)).toEqual(cells.map((c) => c.id));
    expect(done.summary).toEqual({ cells: 4, finished: 4 });
    expect((await listRuns(second.db)).filter((r) => r.kind === 'sweep')).toHaveLength(1);
  });

  it('starts a new record for another sweep, leaving the stored one as it was', async () => {
    const p = await page(`sweep-store-${++n}`);
    const { id, runner } = await runOn(p, async (cell) => reportFor(cell));
    await runner.start();
    await storedUntil(p.db, id, (r) => r.status === 'done');
    const other = await p.actions.beginSweep({ ...sweep, seeds: [3, 4] });
    expect(other).not.toBe(id);
    expect((await getRun(p.db, id))?.metrics).toHaveLength(4);
    expect(p.get().sweep.stored?.recordId).toBe(other);
  });
});
