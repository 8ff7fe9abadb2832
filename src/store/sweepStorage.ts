/**
 * Records the page's sweep as a stored run (kind `sweep`, sweepRecord.ts): a start makes its record (or continues
 * the stored one shown, when it is the same sweep), each finished cell's report joins it, and the runner's end sets
 * its status. The record's lock (storage/locks.ts) is held while it runs, so a reload finds it interrupted and
 * another tab does not continue it. Writes go one after another (this tab is the record's only writer).
 */
import type { ExperimentReport } from '../core/report.ts';
import type { SweepCell } from '../core/sweep/expand.ts';
import type { SweepProgress } from '../core/sweep/runner.ts';
import type { SweepSpec } from '../core/sweep/spec.ts';
import { type Release, tryLockRun } from '../storage/locks.ts';
import { getRun, newId, putRun, updateRun } from '../storage/repo.ts';
import type { SweepCellResult } from '../storage/runKinds.ts';
import type { StorageContext } from './storageContext.ts';
import type { RunStatus } from '../worker/protocol.ts';
import { newSweepRecord, sameSweep, storedReports, storedStatusOf, withCell } from './sweepRecord.ts';
import type { StoredSweep } from './sweepSlice.ts';

export interface SweepStorageActions {
  /**
   * A sweep starts: its stored record's id (the shown stored sweep's when it is the same sweep, so its finished
   * cells are kept), or null when it is not stored (no storage, or another tab runs that record).
   */
  beginSweep(sweep: SweepSpec): Promise<string | null>;
  /** A cell finished: its report joins the record. */
  recordSweepCell(cell: Pick<SweepCell, 'index' | 'id'>, report: ExperimentReport): void;
  /** The runner's state: the section's status, and the record's status (its lock let go when the sweep ends). */
  sweepProgress(p: SweepProgress): void;
  /** The sweep the section's controls describe now, or null while they are invalid (the Share panel links it). */
  setSweepDraft(sweep: SweepSpec | null): void;
}

const sectionStatus = (p: SweepProgress): RunStatus =>
  p.state === 'failed' ? 'error' : p.state === 'stopped' ? 'done' : p.state;

export function sweepStorageActions(ctx: StorageContext): SweepStorageActions {
  let live: { id: string; release: Release; cells: SweepCellResult[]; status: string } | null = null;
  let writes: Promise<unknown> = Promise.resolve();
  const write = (f: () => Promise<unknown>): void => {
    writes = writes.then(f).catch(ctx.failed);
  };

  return {
    async beginSweep(sweep) {
      await writes;
      const db = ctx.db;
      live?.release();
      live = null;
      if (!db) return null;
      const shown = ctx.get().sweep.stored;
      const continued = shown && !shown.elsewhere && sameSweep(shown.sweep, sweep) ? await getRun(db, shown.recordId) : undefined;
      const id = continued?.kind === 'sweep' ? continued.id : newId();
      const release = await tryLockRun(id);
      if (!release) {
        ctx.patch({ message: 'That sweep is running in another tab: it goes on there.' });
        return null;
      }
      const cells = continued?.kind === 'sweep' ? continued.metrics : [];
      try {
        if (continued) await updateRun(db, id, { status: 'running', message: undefined });
        else await putRun(db, newSweepRecord(id, sweep, ctx.get().backend.active ?? 'unknown', Date.now()));
      } catch (e) {
        release();
        ctx.failed(e);
        return null;
      }
      live = { id, release, cells, status: 'running' };
      // The section shows the record it runs: a reload brings this one back.
      const shownNow = (stored: StoredSweep | null): StoredSweep =>
        stored !== null && stored.recordId === id ? stored : { recordId: id, sweep, reports: storedReports(cells), note: '', elsewhere: false };
      ctx.set((s) => ({ sweep: { ...s.sweep, stored: shownNow(s.sweep.stored) } }));
      await ctx.setOpen('sweep', id);
      void ctx.refreshRuns();
      return id;
    },

    recordSweepCell(cell, report) {
      const rec = live;
      if (!rec) return;
      rec.cells = withCell(rec.cells, cell, report);
      const metrics = rec.cells;
      ctx.set((s) => {
        const shown = s.sweep.stored;
        return shown?.recordId === rec.id ? { sweep: { ...s.sweep, stored: { ...shown, reports: storedReports(metrics) } } } : {};
      });
      write(() => updateRun(ctx.db!, rec.id, { metrics, step: metrics.length }));
    },

    setSweepDraft(sweep) {
      ctx.set((s) => ({ sweep: { ...s.sweep, draft: sweep } }));
    },

    sweepProgress(p) {
      ctx.set((s) => ({ sweep: { ...s.sweep, status: sectionStatus(p) } }));
      const rec = live;
      if (!rec || p.state === 'idle') return;
      const status = storedStatusOf(p.state);
      if (status === rec.status) return;
      rec.status = status;
      const ended = status !== 'running' && status !== 'paused';
      write(async () => {
        await updateRun(ctx.db!, rec.id, { status, summary: { cells: p.total, finished: p.done }, ...(p.error ? { message: p.error } : {}) });
        if (!ended) return;
        rec.release();
        if (live === rec) live = null;
        await ctx.refreshRuns();
        await ctx.refreshUse();
      });
    },
  };
}
