/**
 * The page's stored notebook as far as notes and notebook files go: the IndexedDB connection, the notes (markdown
 * cells, each on the notebook or on one run; the runs themselves are Run history's, in lab.ts) and the notebook file's
 * export and import. Kept apart from the engine's store (lab.ts): nothing here talks to the worker; the UI hands
 * an imported spec to lab.loadSpec itself.
 */
import { create } from 'zustand';
import type { ExperimentSpec } from '../core/spec/experiment.ts';
import { type LabDb, openLabDb } from '../storage/db.ts';
import { type ImportSummary, type NotebookContents, exportNotebook, importNotebookFile } from '../storage/notebookFile.ts';
import * as repo from '../storage/repo.ts';
import { NOTEBOOK_ID, type NoteRecord } from '../storage/schema.ts';

export interface NotebookState {
  db: LabDb | null;
  /** Why storage is unavailable (private mode, another tab upgraded it), or null. */
  storageError: string | null;
  notes: NoteRecord[];
  /** The id of the note being edited (a new note opens in edit mode). */
  editing: string | null;

  open(): Promise<void>;
  /** Re-reads the notes (after an import). */
  refresh(): Promise<void>;
  addNote(runId?: string | null): Promise<void>;
  saveNote(id: string, markdown: string, runId: string | null): Promise<void>;
  deleteNote(id: string): Promise<void>;
  setEditing(id: string | null): void;
  /** The notebook file: `spec` (the controls now) is stored as the notebook's spec first, so the file carries it. */
  exportFile(spec: ExperimentSpec | null): Promise<Uint8Array>;
  /** Checks the whole file, then writes it; throws NotebookFileError (store untouched) when the file is bad. */
  importFile(bytes: Uint8Array): Promise<{ contents: NotebookContents; summary: ImportSummary }>;
}

export function createNotebookStore(openDb: () => Promise<LabDb> = () => openLabDb()) {
  return create<NotebookState>()((set, get) => {
    let opening: Promise<void> | null = null;
    const db = (): LabDb => {
      const d = get().db;
      if (!d) throw new Error(get().storageError ?? 'storage is not open yet');
      return d;
    };

    return {
      db: null,
      storageError: null,
      notes: [],
      editing: null,

      open() {
        opening ??= openDb()
          .then(async (d) => {
            set({ db: d });
            await get().refresh();
          })
          .catch((e: unknown) => set({ storageError: `notes cannot be stored: ${(e as Error).message}` }));
        return opening;
      },

      async refresh() {
        set({ notes: await repo.listNotes(db(), NOTEBOOK_ID) });
      },

      async addNote(runId = null) {
        const now = Date.now();
        const note: NoteRecord = { id: repo.newId(), experimentId: NOTEBOOK_ID, runId, markdown: '', createdAt: now, updatedAt: now };
        await repo.putNote(db(), note);
        set((s) => ({ notes: [...s.notes, note], editing: note.id }));
      },

      async saveNote(id, markdown, runId) {
        const note = get().notes.find((n) => n.id === id);
        if (!note) return;
        const next = { ...note, markdown, runId, updatedAt: Date.now() };
        await repo.putNote(db(), next);
        set((s) => ({ notes: s.notes.map((n) => (n.id === id ? next : n)), editing: s.editing === id ? null : s.editing }));
      },

      async deleteNote(id) {
        await repo.deleteNote(db(), id);
        set((s) => ({ notes: s.notes.filter((n) => n.id !== id), editing: s.editing === id ? null : s.editing }));
      },

      setEditing: (id) => set({ editing: id }),

      async exportFile(spec) {
        if (spec) {
          const stored = await repo.getExperiment(db(), NOTEBOOK_ID);
          const now = Date.now();
          await repo.putExperiment(db(), {
            id: NOTEBOOK_ID, name: spec.name, spec, openRuns: stored?.openRuns ?? {}, createdAt: stored?.createdAt ?? now, updatedAt: now,
          });
        }
        return exportNotebook(db());
      },

      async importFile(bytes) {
        const result = await importNotebookFile(db(), bytes);
        await get().refresh();
        return result;
      },
    };
  });
}

export const useNotebook = createNotebookStore();
