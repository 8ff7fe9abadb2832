/** The run history's actions: open a stored run in its section, rename, delete, pick two runs to compare. */
import { isRunLocked } from '../storage/locks.ts';
import { deleteRun, getRun, renameRun } from '../storage/repo.ts';
import type { RunRecord } from '../storage/schema.ts';
import { runsToOpen, storedIdOf } from './importedRuns.ts';
import { type StorageContext, withKey } from './storageContext.ts';

export interface HistoryActions {
  /** Loads the run's spec into the controls and its results into its section (a finished transformer into the worker). */
  openStoredRun(id: string): Promise<void>;
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
      const rec = db && (await getRun(db, id));
      if (!rec) return;
      const { transformer, saes } = ctx.get();
      const busy = rec.kind === 'transformer' ? transformer.status : saes.status;
      if (busy === 'running' || busy === 'paused') {
        ctx.patch({ message: `Stop the ${rec.kind === 'transformer' ? 'transformer' : 'SAE'} run in progress before opening another.` });
        return;
      }
      ctx.get().loadSpec(rec.spec);
      const elsewhere = (rec.status === 'running' || rec.status === 'paused') && (await isRunLocked(rec.id));
      await ctx.setOpen(rec.kind, rec.id);
      ctx.show(rec, elsewhere ? 'elsewhere' : 'stored');
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
      for (const kind of ['transformer', 'saes'] as const) {
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
      for (const kind of ['transformer', 'saes'] as const) {
        const rec = picks[kind];
        const id = rec && ctx.db ? await storedIdOf(ctx.db, rec) : null;
        if (id) await actions.openStoredRun(id);
      }
    },
  };
  return actions;
}
