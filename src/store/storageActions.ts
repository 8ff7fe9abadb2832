/**
 * The store actions that keep the notebook in IndexedDB (spread into lab.ts): bring it back on load, record the runs
 * this tab trains, resume interrupted ones. The run history's actions are in historyActions.ts.
 *
 * Two tabs: a run's lock (storage/locks.ts) is held by the tab that trains it, so a run stored as running whose lock
 * is free was interrupted, and a run is resumed by one tab only. Records are changed field by field in transactions.
 */
import { type ExperimentSpec, validateSpec } from '../core/spec/experiment.ts';
import { readLink } from '../share/link.ts';
import { isReload, storedWinsOver } from './storedOrLink.ts';
import { openLabDb } from '../storage/db.ts';
import { isRunLocked, tryLockRun } from '../storage/locks.ts';
import { checkpointStepOf, getExperiment, getRun, listRuns, newId, putExperiment, putRun, updateExperiment, updateRun } from '../storage/repo.ts';
import { NOTEBOOK_ID, RUN_KINDS, type RunKind, type RunMetric, type RunRecord, type StoredRunStatus } from '../storage/schema.ts';
import type { FromWorker, StoredRunRef } from '../worker/protocol.ts';
import { type HistoryActions, historyActions } from './historyActions.ts';
import { selectNotebookSpec } from './specSelectors.ts';
import { RunRecorder } from './recorder.ts';
import { RUN_KIND_HOSTS, interruptedNote, resumeBlocker, resumeCommand } from './runKinds/index.ts';
import { type HostSet, StorageContext, type StorageHost, withKey } from './storageContext.ts';
import { CHECKPOINT_SECONDS_RANGE } from './storageSlice.ts';
import { metricsUpTo } from './storedRun.ts';
import { type SweepStorageActions, sweepStorageActions } from './sweepStorage.ts';
import { type TransformerImportActions, transformerImportActions } from './transformerImport.ts';

export interface StorageActions extends HistoryActions, TransformerImportActions, SweepStorageActions {
  /** Seconds between checkpoints of a training run (kept in this browser). */
  setCheckpointEvery(seconds: number): void;
  /** Continues the section's interrupted run from its last checkpoint. */
  resumeStored(kind: RunKind): Promise<void>;
  /**
   * Whether the notebook stored here, rather than the link in the address bar, fills the page on startup (the link is
   * then not rerun; its hide keys still apply). See `storedWinsOver`.
   */
  storedNotebookWins(): Promise<boolean>;
}

/** What the rest of the store calls (not components). */
export interface StorageHooks {
  /** Opens the store, asks for persistence and brings the notebook back as it was (once per page). */
  init(subscribe: (listener: (s: StorageHost, prev: StorageHost) => void) => void): Promise<void>;
  /** A new run starts: its record, and the reference the worker writes checkpoints under (none without storage). */
  begin(kind: RunKind, spec: ExperimentSpec, pageRunId: number): Promise<StoredRunRef | undefined>;
  receive(msg: FromWorker): void;
  /** The section's live run ends without the worker saying so (reset, another backend). */
  end(kind: RunKind, status: StoredRunStatus): void;
}

const SETTING_KEY = 'sae-stability-lab/checkpointEverySec';

export function savedCheckpointSeconds(): number | undefined {
  const v = Number(globalThis.localStorage?.getItem(SETTING_KEY));
  return Number.isFinite(v) && v >= CHECKPOINT_SECONDS_RANGE.min && v <= CHECKPOINT_SECONDS_RANGE.max ? v : undefined;
}

export function storageActions(set: HostSet, get: () => StorageHost): { actions: StorageActions; hooks: StorageHooks; context: StorageContext } {
  const ctx = new StorageContext(set, get);
  let resolveReady: () => void = () => {};
  const ready = new Promise<void>((r) => (resolveReady = r));
  let resolveVerdict: (keep: boolean) => void = () => {};
  const verdict = new Promise<boolean>((r) => (resolveVerdict = r));

  async function open(): Promise<void> {
    try {
      ctx.db = await openLabDb({
        onReplaced: () => ctx.patch({ status: 'replaced', message: 'The lab was updated in another tab: reload this tab to keep saving.' }),
        onBlocked: () => ctx.patch({ message: 'Another tab of this lab holds the store open with an older version: close or reload it.' }),
      });
    } catch (e) {
      ctx.patch({ status: 'unavailable', message: `Runs are not saved in this browser: ${(e as Error).message}` });
      return;
    }
    const persisted = await navigator.storage?.persist?.().catch(() => null);
    ctx.patch({ persisted: persisted ?? null });
    void ctx.refreshUse();
  }

  /** Runs stored as running or paused whose lock no tab holds were interrupted: say so in their records. */
  async function markInterrupted(runs: RunRecord[]): Promise<void> {
    for (const rec of runs) {
      if ((rec.status !== 'running' && rec.status !== 'paused') || (await isRunLocked(rec.id))) continue;
      const at = checkpointStepOf(rec);
      const message = interruptedNote(rec) ?? (at === null ? 'interrupted before its first checkpoint' : `interrupted; checkpoint at step ${at}`);
      await updateRun(ctx.db!, rec.id, { status: 'interrupted', message, updatedAt: rec.updatedAt });
    }
  }

  async function restoreNotebook(hash: string): Promise<void> {
    const db = ctx.db!;
    await markInterrupted(await listRuns(db, NOTEBOOK_ID));
    const runs = await listRuns(db, NOTEBOOK_ID);
    const experiment = await getExperiment(db, NOTEBOOK_ID);
    const link = await readLink(hash);
    const keep = !link?.ok || storedWinsOver(link, experiment?.spec, isReload());
    resolveVerdict(keep);
    if (!keep) {
      ctx.patch({ status: 'ready', runs }); // the link fills the page; the stored runs stay in Run history
      return;
    }
    if (experiment) {
      try {
        get().loadSpec(validateSpec(experiment.spec));
      } catch {
        // a spec this version cannot read: keep the default controls
      }
    } else {
      const spec = selectNotebookSpec(get());
      if (spec) await putExperiment(db, { id: NOTEBOOK_ID, name: 'notebook', spec, createdAt: Date.now(), updatedAt: Date.now(), openRuns: {} });
    }
    ctx.patch({ status: 'ready', runs });
    for (const kind of RUN_KINDS) {
      const rec = runs.find((r) => r.id === experiment?.openRuns[kind]);
      if (!rec) continue;
      const live = rec.status === 'running' || rec.status === 'paused'; // still so after markInterrupted: another tab has it
      ctx.patch((s) => ({ shown: withKey(s.shown, kind, rec.id) }));
      ctx.show(rec, live ? 'elsewhere' : 'stored');
    }
  }

  /** Saves the controls on the experiment record (debounced), so a reload shows them again. */
  function autosaveSpec(subscribe: Parameters<StorageHooks['init']>[0]): void {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = '';
    subscribe((s, prev) => {
      const changed = s.transformer.draft !== prev.transformer.draft || s.saes.draft !== prev.saes.draft
        || s.transformer.preset !== prev.transformer.preset || s.saes.preset !== prev.saes.preset;
      if (!changed || !ctx.db) return;
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => {
        const spec = selectNotebookSpec(get());
        const json = JSON.stringify(spec);
        if (!spec || json === last || !ctx.db) return;
        last = json;
        void updateExperimentSpec(spec);
      }, 400);
    });
  }

  async function updateExperimentSpec(spec: ExperimentSpec): Promise<void> {
    await updateExperiment(ctx.db!, NOTEBOOK_ID, (e) => (e ? { ...e, spec, updatedAt: Date.now() } : null)).catch(ctx.failed);
  }

  function record(kind: RunKind, rec: RunRecord, pageRunId: number, release: () => void, metrics: RunMetric[]): void {
    ctx.recorders.get(kind)?.release();
    ctx.recorders.set(kind, { recorder: new RunRecorder(ctx.db!, rec.id, kind, pageRunId, ctx.failed, metrics), release });
    const checkpointAt = checkpointStepOf(rec);
    ctx.patch((s) => ({
      live: withKey(s.live, kind, { recordId: rec.id, pageRunId, checkpoint: checkpointAt === null ? null : { step: checkpointAt, savedAt: rec.updatedAt }, warning: null }),
      offers: withKey(s.offers, kind, null),
      elsewhere: withKey(s.elsewhere, kind, null),
    }));
  }

  function finish(kind: RunKind, change: Partial<RunRecord> = {}): void {
    const held = ctx.recorders.get(kind);
    if (!held) return;
    ctx.recorders.delete(kind);
    void held.recorder.close(change).finally(() => {
      held.release();
      void ctx.refreshRuns();
      void ctx.refreshUse();
    });
    ctx.patch((s) => ({ live: withKey(s.live, kind, null) }));
  }

  const hooks: StorageHooks = {
    async init(subscribe) {
      const hash = window.location.hash; // before anything rewrites it
      await open();
      resolveReady();
      if (!ctx.db) return resolveVerdict(false);
      autosaveSpec(subscribe);
      await restoreNotebook(hash).catch((e: unknown) => {
        resolveVerdict(false);
        ctx.failed(e);
      });
    },

    async begin(kind, spec, pageRunId) {
      await ready;
      const db = ctx.db;
      if (!db || get().storage.status !== 'ready') return undefined;
      const id = newId();
      const release = (await tryLockRun(id))!; // a new id: nobody holds it
      const host = RUN_KIND_HOSTS[kind];
      const source = host.source?.(get());
      const now = Date.now();
      const rec = {
        id, experimentId: NOTEBOOK_ID, kind, name: host.name(spec), spec, status: 'running', createdAt: now, updatedAt: now,
        backend: get().backend.active ?? 'unknown', step: 0, metrics: [], summary: null, checkpointId: null, ...(source ? { source } : {}),
      } as RunRecord;
      try {
        await putRun(db, rec);
      } catch (e) {
        release();
        ctx.failed(e);
        return undefined;
      }
      record(kind, rec, pageRunId, release, []);
      void ctx.setOpen(kind, id);
      void ctx.refreshRuns();
      return { id, resume: false };
    },

    receive(msg) {
      if (msg.type === 'error' && msg.section === undefined) {
        // The worker is gone (crash, lost device): its runs keep their checkpoints and can be resumed.
        for (const kind of [...ctx.recorders.keys()]) finish(kind, { status: 'interrupted', message: msg.message });
        return;
      }
      for (const [kind, { recorder }] of ctx.recorders) {
        if (!recorder.owns(msg)) continue;
        recorder.receive(msg);
        if (msg.type === 'done' || msg.type === 'error' || (msg.type === 'status' && msg.status === 'error')) finish(kind);
        if (msg.type === 'checkpointed') {
          void ctx.refreshRuns();
          void ctx.refreshUse();
        }
      }
    },

    end(kind, status) {
      if (RUN_KIND_HOSTS[kind].ownWorker) return; // its own worker goes on: the engine's end is not its end
      finish(kind, { status });
      // The section is cleared: a reload should not bring this run back into it (Run history still has it).
      ctx.patch((s) => ({ offers: withKey(s.offers, kind, null), elsewhere: withKey(s.elsewhere, kind, null) }));
      if (get().storage.shown[kind]) void ctx.setOpen(kind, null);
    },
  };

  const history = historyActions(ctx);
  const actions: StorageActions = {
    ...history,
    ...transformerImportActions(ctx, history.openStoredRun),
    ...sweepStorageActions(ctx),

    storedNotebookWins: () => verdict,

    setCheckpointEvery(seconds) {
      const { min, max } = CHECKPOINT_SECONDS_RANGE;
      if (!Number.isFinite(seconds)) return;
      const clamped = Math.min(max, Math.max(min, Math.round(seconds)));
      ctx.patch({ checkpointEverySec: clamped });
      globalThis.localStorage?.setItem(SETTING_KEY, String(clamped));
      ctx.send({ type: 'checkpointEvery', seconds: clamped });
    },

    async resumeStored(kind) {
      const offer = get().storage.offers[kind];
      const db = ctx.db;
      if (!offer || !db) return;
      const release = await tryLockRun(offer.recordId);
      const rec = await getRun(db, offer.recordId);
      if (!release || !rec) {
        release?.();
        ctx.patch((s) => ({ offers: withKey(s.offers, kind, null), message: 'That run is already running in another tab (or was deleted).' }));
        return;
      }
      const blocker = await resumeBlocker(rec, get, (id) => actions.openStoredRun(id));
      if (blocker) {
        release();
        ctx.patch({ message: blocker });
        return;
      }
      const step = offer.step;
      const metrics = metricsUpTo<RunMetric>(rec.metrics, step);
      ctx.show(rec, 'live');
      const { backend } = get();
      const pageRunId = RUN_KIND_HOSTS[kind].section(get()).runId;
      const note = backend.active && backend.active !== rec.backend ? `resumed on ${backend.active} (trained on ${rec.backend})` : undefined;
      try {
        await updateRun(db, rec.id, { status: 'running', metrics, message: note });
      } catch (e) {
        release();
        ctx.failed(e);
        return;
      }
      record(kind, rec, pageRunId, release, metrics);
      void ctx.setOpen(kind, rec.id);
      const command = resumeCommand(get(), rec, pageRunId, { id: rec.id, resume: true });
      if (command) ctx.send(command);
    },
  };

  return { actions, hooks, context: ctx };
}
