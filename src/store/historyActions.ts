/** The run history's actions: open a stored run in its section, rename, delete, pick two runs to compare. */
import { isRunLocked } from '../storage/locks.ts';
import { deleteRun, getRun, putRun, renameRun, saveCheckpoint } from '../storage/repo.ts';
import type { RunRecord } from '../storage/schema.ts';
import { runsToOpen, storedIdOf } from './importedRuns.ts';
import { PRETRAINED_RUN_ID, fetchPretrained, pretrainedRecords } from './pretrained.ts';
import { RUN_KINDS, RUN_KIND_HOSTS } from './runKinds/index.ts';
import { type StorageContext, withKey } from './storageContext.ts';

export interface HistoryActions {
  /** Loads the run's spec into the controls and its results into its section (a finished transformer into the worker). */
  openStoredRun(id: string): Promise<void>;
  /**
   * Fetches the pretrained p = 113 model shipped with the app, stores it as a finished run (once) and opens it like
   * a stored run. Throws an Error with a message for the page when it cannot (no storage, a missing file).
   */
  openPretrained(): Promise<void>;
  renameStoredRun(id: string, name: string): Promise<void>;
  /** Deletes a run with its checkpoints (the UI asks for confirmation first). Refused for a run that trains now. */
  deleteStoredRun(id: string): Promise<void>;
  /** Adds the run to the comparison (the older pick drops out beyond two) or removes it. */
  toggleCompare(id: string): void;
  dismissStorageMessage(): void;
  /** Re-reads the stored runs and the storage use (after another part of the page wrote runs, e.g. an import). */
  reloadHistory(): Promise<void>;
  /** Shows a just-imported notebook's latest runs in their sections (importedRuns.ts picks them). */
  openImportedRuns(imported: RunRecord[]): Promise<void>;
}

export const MAX_NAME = 120;

export function historyActions(ctx: StorageContext): HistoryActions {
  const isLiveHere = (id: string) => [...ctx.recorders.values()].some((r) => r.recorder.recordId === id);

  const actions: HistoryActions = {
    async openStoredRun(id) {
      const db = ctx.db;
      const rec: RunRecord | null | undefined = db && (await getRun(db, id));
      if (!rec) return;
      const host = RUN_KIND_HOSTS[rec.kind];
      const busy = host.section(ctx.get()).status;
      if (busy === 'running' || busy === 'paused') {
        ctx.patch({ message: `Stop the ${host.label} run in progress before opening another.` });
        return;
      }
      ctx.get().loadSpec(rec.spec);
      const elsewhere = (rec.status === 'running' || rec.status === 'paused') && (await isRunLocked(rec.id));
      await ctx.setOpen(rec.kind, rec.id);
      ctx.show(rec, elsewhere ? 'elsewhere' : 'stored');
    },

    async openPretrained() {
      const db = ctx.db;
      if (!db) throw new Error('the pretrained model is opened through browser storage (IndexedDB), which is not available in this window');
      if (!(await getRun(db, PRETRAINED_RUN_ID))?.checkpointId) {
        const { run, checkpoint } = pretrainedRecords(await fetchPretrained());
        await putRun(db, run);
        await saveCheckpoint(db, checkpoint);
        await ctx.refreshRuns();
        await ctx.refreshUse();
      }
      await actions.openStoredRun(PRETRAINED_RUN_ID);
    },

    async renameStoredRun(id, name) {
      const trimmed = name.trim().slice(0, MAX_NAME);
      if (!ctx.db || trimmed === '') return;
      await renameRun(ctx.db, id, trimmed).catch(ctx.failed);
      await ctx.refreshRuns();
    },

    async deleteStoredRun(id) {
      if (!ctx.db) return;
      if (isLiveHere(id) || (await isRunLocked(id))) {
        ctx.patch({ message: 'That run is training now: stop it before deleting it.' });
        return;
      }
      await deleteRun(ctx.db, id).catch(ctx.failed);
      const { shown } = ctx.get().storage;
      for (const kind of RUN_KINDS) {
        if (shown[kind] === id) {
          await ctx.setOpen(kind, null);
          ctx.patch((s) => ({ offers: withKey(s.offers, kind, null), elsewhere: withKey(s.elsewhere, kind, null) }));
        }
      }
      ctx.patch((s) => ({ compare: s.compare.filter((c) => c !== id) }));
      await ctx.refreshRuns();
      await ctx.refreshUse();
    },

    toggleCompare(id) {
      ctx.patch((s) => ({ compare: s.compare.includes(id) ? s.compare.filter((c) => c !== id) : [...s.compare, id].slice(-2) }));
    },

    dismissStorageMessage() {
      ctx.patch({ message: null });
    },

    async reloadHistory() {
      await ctx.refreshRuns();
      await ctx.refreshUse();
    },

    async openImportedRuns(imported) {
      const picks = runsToOpen(imported);
      for (const kind of RUN_KINDS) {
        const rec = picks[kind];
        const id = rec && ctx.db ? await storedIdOf(ctx.db, rec) : null;
        if (id) await actions.openStoredRun(id);
      }
    },
  };
  return actions;
}
