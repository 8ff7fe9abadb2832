/**
 * The page's one store. It holds the engine worker's handle, one slice per run kind (runKinds/) and per section
 * that reads the worker (sectionSlices.ts); worker messages are folded into the slices by their pure `receive`
 * functions, taken from those two tables. Components read with selectors and call the actions below; they never
 * talk to the worker themselves.
 */
import { create } from 'zustand';
import { type ExperimentSpec, SPEC_VERSION, type PresetName, presetSpec } from '../core/spec/experiment.ts';
import { EngineClient, type WorkerMemory } from '../worker/client.ts';
import type { BackendChoice, FromWorker } from '../worker/protocol.ts';
import { startingBackend } from './backendSlice.ts';
import { type FieldKey, draftOf } from './transformerDraft.ts';
import { selectDraftSpec } from './specSelectors.ts';
import { clearedRun, experimentName } from './transformerSlice.ts';
import type { FourierSelection } from '../core/experiment/fourierViews.ts';
import { type SaeActions, saeActions } from './saeActions.ts';
import type { GalleryOrder } from './featuresSlice.ts';
import { draftsOf } from './notebookSpec.ts';
import { type StorageActions, storageActions } from './storageActions.ts';
import { RUN_KINDS, type RunKindStates, clearedRunKinds, initialRunKindStates, receiveRunKinds } from './runKinds/index.ts';
import { type SectionStates, initialSectionStates, receiveSections } from './sectionSlices.ts';
import { type PipelineActions, type PipelineState, initialPipeline, pipelineActions } from './pipeline.ts';
import { stoppingState } from './runPhase.ts';
import { saePresetFollowing } from './presetPairs.ts';
import { type WorkshopActions, type WorkshopState, initialWorkshop, workshopActions } from './workshopSlice.ts';
import { type StabiliseActions, stabiliseActions } from './stabiliseActions.ts';
import { type ShareActions, type ShareState, initialShare, shareActions } from './shareSlice.ts';
import { type SweepCellActions, sweepCellActions } from './sweepCellOpen.ts';

/**
 * One field per run kind (`transformer`, `saes`: runKinds/index.ts) and per other slice that reads worker messages
 * (`backend`, `fourier`, `stability`, `features`, `storage`: sectionSlices.ts), then the page-only slices.
 */
export interface LabState extends RunKindStates, SectionStates, SaeActions, PipelineActions, ShareActions, StorageActions, WorkshopActions, StabiliseActions,
  SweepCellActions {
  engine: EngineClient | null;
  pipeline: PipelineState;
  share: ShareState;
  workshop: WorkshopState;

  /** Starts the worker with the backend chosen in the URL (idempotent: React may mount twice in development). */
  connect(): void;
  /** Replaces the worker by a fresh one running `choice`; runs in progress are dropped. */
  chooseBackend(choice: BackendChoice): void;
  setField(key: FieldKey, text: string): void;
  applyPreset(name: PresetName): void;
  /** Loads a validated spec into every section's controls (results on screen stay until the next run). */
  loadSpec(spec: ExperimentSpec): void;
  start(): void;
  pause(): void;
  resume(): void;
  stop(): void;
  reset(): void;
  workerMemory(): Promise<WorkerMemory>;
  /** The worker's transformer (paused or finished) as model.safetensors + config.json, as the CLI writes them. */
  exportModel(): ReturnType<EngineClient['exportModel']>;
  /** Picks the neuron and/or head the Fourier section shows in detail. */
  inspectFourier(change: Partial<FourierSelection>): void;
  /** Picks the SAE latent the features section's explorer shows (seed index, latent index). */
  inspectLatent(seedIndex: number, latent: number): void;
  setGalleryOrder(order: GalleryOrder): void;
}

/** Keeps the backend in the address bar so a reload (or a shared link) runs the same backend. */
function writeBackendToUrl(choice: BackendChoice): void {
  const url = new URL(window.location.href);
  if (choice === 'auto') url.searchParams.delete('backend');
  else url.searchParams.set('backend', choice);
  window.history.replaceState(null, '', url);
}

export const useLab = create<LabState>()((set, get, api) => {
  const stored = storageActions(set, get);
  const cells = sweepCellActions(stored.context, () => get().start());
  const receive = (msg: FromWorker) => {
    set((s) => ({ ...receiveRunKinds(s, msg), ...receiveSections(s, msg) }));
    stored.hooks.receive(msg);
  };
  const receiveAndStep = (msg: FromWorker) => {
    receive(msg);
    get().stepPipeline();
    cells.hooks.step();
  };

  const spawn = (choice: BackendChoice) => {
    const engine = new EngineClient(receiveAndStep);
    engine.send({ type: 'init', backend: choice });
    engine.send({ type: 'checkpointEvery', seconds: get().storage.checkpointEverySec });
    engine.send({ type: 'inspect', section: 'fourier', selection: get().fourier.selection });
    return engine;
  };

  const send = (msg: Parameters<EngineClient['send']>[0]) => get().engine?.send(msg);

  return {
    engine: null,
    ...initialRunKindStates(),
    ...initialSectionStates(),
    pipeline: initialPipeline(),
    share: initialShare(),
    workshop: initialWorkshop(),
    ...saeActions(set, get, stored.hooks),
    ...pipelineActions(set, get),
    ...shareActions(set, get),
    ...workshopActions(set, get),
    ...stabiliseActions(set, get, stored.hooks),
    ...stored.actions,
    ...cells.actions,

    connect() {
      if (get().engine) return;
      set({ engine: spawn(get().backend.choice) });
      void stored.hooks.init((listener) => api.subscribe(listener));
    },

    chooseBackend(choice) {
      get().engine?.terminate();
      // The old worker's runs end with it; their checkpoints stay and can be resumed.
      for (const kind of RUN_KINDS) stored.hooks.end(kind, 'interrupted');
      writeBackendToUrl(choice);
      set((s) => ({ engine: spawn(choice), backend: startingBackend(choice), ...clearedRunKinds(s) }));
    },

    setField(key, text) {
      set((s) => ({ transformer: { ...s.transformer, preset: null, draft: { ...s.transformer.draft, [key]: text } } }));
    },

    applyPreset(name) {
      set((s) => ({ transformer: { ...s.transformer, preset: name, specName: null, draft: draftOf(presetSpec(name).transformer) } }));
      const sae = saePresetFollowing(name, get().saes.preset);
      if (sae) get().applySaePreset(sae);
    },

    loadSpec(spec) {
      const d = draftsOf(spec, get());
      set((s) => ({ transformer: { ...s.transformer, ...d.transformer }, saes: { ...s.saes, ...d.saes }, stabilise: { ...s.stabilise, draft: d.stabilise?.draft ?? s.stabilise.draft } }));
    },

    start() {
      const { transformer: t, backend } = get();
      const spec = selectDraftSpec(get());
      if (!spec || !backend.active) return;
      const next = { ...clearedRun(t), runSpec: spec, status: 'running' as const, message: 'starting…' };
      set({ transformer: next });
      const experiment: ExperimentSpec = { version: SPEC_VERSION, name: experimentName(t), transformer: spec };
      // The record is written before the worker starts, so its first checkpoint has a run to belong to.
      void stored.hooks.begin('transformer', experiment, next.runId).then((ref) => {
        if (get().transformer.runId === next.runId) send({ type: 'train', section: 'transformer', runId: next.runId, spec: experiment, stored: ref });
      });
    },

    pause: () => send({ type: 'pause', section: 'transformer' }),
    resume: () => send({ type: 'resume', section: 'transformer' }),
    stop() {
      set((s) => ({ transformer: stoppingState(s.transformer) })); // said at once; the worker ends the run at its next safe point
      send({ type: 'stop', section: 'transformer' });
    },

    reset() {
      stored.hooks.end('transformer', 'stopped');
      send({ type: 'reset', section: 'transformer' });
      set((s) => ({ transformer: clearedRun(s.transformer) }));
    },

    workerMemory() {
      const engine = get().engine;
      return engine ? engine.memory() : Promise.reject(new Error('engine worker not started'));
    },

    exportModel() {
      const engine = get().engine;
      return engine ? engine.exportModel() : Promise.reject(new Error('engine worker not started'));
    },

    inspectFourier(change) {
      const selection = { ...get().fourier.selection, ...change };
      set((s) => ({ fourier: { ...s.fourier, selection } }));
      send({ type: 'inspect', section: 'fourier', selection });
    },

    inspectLatent(seedIndex, latent) {
      const { features, saes } = get();
      set({ features: { ...features, seedIndex, latent } });
      send({ type: 'inspectLatent', section: 'features', runId: saes.runId, seedIndex, latent });
    },

    setGalleryOrder(order) {
      set((s) => ({ features: { ...s.features, order } }));
    },
  };
});
