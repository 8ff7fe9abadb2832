/**
 * What the storage actions share: the page's database connection, the recorders of the runs this tab trains (each
 * with its run lock), and the store they read and write. One per store (no module-level state).
 */
import type { ExperimentSpec } from '../core/spec/experiment.ts';
import { type LabDb, isQuotaError } from '../storage/db.ts';
import type { Release } from '../storage/locks.ts';
import { checkpointStepOf, listRuns, updateExperiment } from '../storage/repo.ts';
import { type ExperimentRecord, NOTEBOOK_ID, type RunKind, type RunRecord } from '../storage/schema.ts';
import type { EngineClient } from '../worker/client.ts';
import type { BackendState } from './backendSlice.ts';
import type { RunRecorder } from './recorder.ts';
import type { StabilityState } from './stabilitySlice.ts';
import type { StorageState } from './storageSlice.ts';
import type { Showing } from './storedRun.ts';
import { type RunKindStates, showRecord } from './runKinds/index.ts';

/** The store as storage sees it: every run kind's slice (runKinds/index.ts) and the slices below. */
export interface StorageHost extends RunKindStates {
  engine: EngineClient | null;
  backend: BackendState;
  stability: StabilityState;
  storage: StorageState;
  loadSpec(spec: ExperimentSpec): void;
}
export type HostSet = (partial: Partial<StorageHost> | ((s: StorageHost) => Partial<StorageHost>)) => void;

export class StorageContext {
  db: LabDb | null = null;
  readonly recorders = new Map<RunKind, { recorder: RunRecorder; release: Release }>();

  constructor(readonly set: HostSet, readonly get: () => StorageHost) {}

  send: EngineClient['send'] = (msg) => this.get().engine?.send(msg);

  patch(change: Partial<StorageState> | ((s: StorageState) => Partial<StorageState>)): void {
    this.set((s) => ({ storage: { ...s.storage, ...(typeof change === 'function' ? change(s.storage) : change) } }));
  }

  /** A failed write: storage full gets the clear message; nothing else stops. */
  readonly failed = (e: unknown): void => {
    const message = isQuotaError(e)
      ? 'Storage full: new results are not being saved. Earlier runs and checkpoints are intact; delete old runs in Run history to free space.'
      : `Storage: ${(e as Error).message}`;
    this.patch({ message });
  };

  async refreshRuns(): Promise<void> {
    if (this.db) this.patch({ runs: await listRuns(this.db, NOTEBOOK_ID) });
  }

  async refreshUse(): Promise<void> {
    const estimate = await navigator.storage?.estimate?.().catch(() => null);
    if (estimate) this.patch({ usage: { used: estimate.usage ?? 0, quota: estimate.quota ?? 0 } });
  }

  /** Remembers which run each section shows, on the experiment record (so a reload shows it again). */
  async setOpen(kind: RunKind, id: string | null): Promise<void> {
    this.patch((s) => ({ shown: withKey(s.shown, kind, id) }));
    if (!this.db) return;
    const openRuns = (e: ExperimentRecord) => withKey(e.openRuns, kind, id);
    await updateExperiment(this.db, NOTEBOOK_ID, (e) => (e ? { ...e, openRuns: openRuns(e), updatedAt: Date.now() } : null)).catch(this.failed);
  }

  /**
   * Shows a stored run in its section. `showing` stored: as it was (a finished run's model is loaded into the worker
   * so the later sections can use it); elsewhere: another tab trains it; live: this tab resumes it now.
   */
  show(rec: RunRecord, showing: Showing): void {
    const step = checkpointStepOf(rec);
    const resumable = showing === 'stored' && step !== null && ['running', 'paused', 'interrupted'].includes(rec.status);
    const loadable = showing === 'stored' && step !== null && (rec.status === 'done' || rec.status === 'stopped');
    this.patch((s) => ({
      offers: withKey(s.offers, rec.kind, resumable ? { recordId: rec.id, step: step! } : null),
      elsewhere: withKey(s.elsewhere, rec.kind, showing === 'elsewhere' ? true : null),
    }));
    showRecord(this, rec, showing, step, loadable);
  }
}

/** `record` with `key` set to `value`, or without it when value is null. */
export function withKey<K extends string, V>(record: Partial<Record<K, V>>, key: K, value: V | null): Partial<Record<K, V>> {
  const next = { ...record };
  if (value === null) delete next[key];
  else next[key] = value;
  return next;
}
