/**
 * The store actions of the SAE and Stability sections, spread into the page's one store (lab.ts). They read the
 * transformer slice only to know which model the SAEs will train on; they never change it.
 */
import type { ImportedSaes } from '../core/io/saeImport.ts';
import type { EngineClient } from '../worker/client.ts';
import { type ExperimentSpec, SPEC_VERSION } from '../core/spec/experiment.ts';
import type { StorageHooks } from './storageActions.ts';
import { type SaeFieldKey, saeDraftOf } from './saeDraft.ts';
import { selectSaeStartSpec } from './specSelectors.ts';
import { type SaePresetName, type SaeState, clearedSaeRun, saePresetSpec } from './saeSlice.ts';
import { type StabilityState, clearedStability } from './stabilitySlice.ts';
import { type TransformerState, experimentName } from './transformerSlice.ts';
import { stoppingState } from './runPhase.ts';

export interface SaeActions {
  setSaeField(key: SaeFieldKey, text: string): void;
  applySaePreset(name: SaePresetName): void;
  startSaes(): void;
  pauseSaes(): void;
  resumeSaes(): void;
  stopSaes(): void;
  resetSaes(): void;
  /** Installs SAEs trained elsewhere (already checked) as the finished SAE run, for the stability and features sections. */
  importSaes(saes: ImportedSaes): void;
  /** Shared-latent fraction threshold (signed cosine); recomputed at once when the SAE run has ended. */
  setSharedThreshold(value: number): void;
}

interface Host {
  engine: EngineClient | null;
  transformer: TransformerState;
  saes: SaeState;
  stability: StabilityState;
}
type Set = (partial: Partial<Host> | ((s: Host) => Partial<Host>)) => void;

/** Why SAEs cannot start on the worker's transformer now, or null when they can. */
export function saeStartBlocker(t: Pick<TransformerState, 'status' | 'runSpec'>): string | null {
  if (t.runSpec === null || t.status === 'idle') return 'train the transformer first';
  if (t.status === 'running') return 'pause or stop the transformer first: the SAEs read its activations at one step';
  return null;
}

/** Clears both sections for a new worker (another backend): nothing of the old one survives. */
export function clearedSaeSections(s: Host): Pick<Host, 'saes' | 'stability'> {
  const saes = clearedSaeRun(s.saes);
  return { saes, stability: clearedStability(s.stability, saes.runId) };
}

export function saeActions(set: Set, get: () => Host, storage: Pick<StorageHooks, 'begin' | 'end'>): SaeActions {
  const send = (msg: Parameters<EngineClient['send']>[0]) => get().engine?.send(msg);
  return {
    setSaeField(key, text) {
      set((s) => ({ saes: { ...s.saes, preset: null, draft: { ...s.saes.draft, [key]: text } } }));
    },

    applySaePreset(name) {
      set((s) => ({ saes: { ...s.saes, preset: name, draft: saeDraftOf(saePresetSpec(name)) } }));
    },

    startSaes() {
      const { saes, transformer, stability } = get();
      if (saeStartBlocker(transformer) !== null) return;
      const spec = selectSaeStartSpec(get());
      if (!spec) return;
      const next: SaeState = { ...clearedSaeRun(saes), runSpec: spec, status: 'running', message: 'starting…' };
      set({ saes: next, stability: clearedStability(stability, next.runId) });
      const experiment: ExperimentSpec = { version: SPEC_VERSION, name: experimentName(transformer), transformer: transformer.runSpec!, saes: spec };
      void storage.begin('saes', experiment, next.runId).then((stored) => {
        if (get().saes.runId === next.runId) send({ type: 'train', section: 'saes', runId: next.runId, spec, sharedThreshold: stability.sharedThreshold, stored });
      });
    },

    pauseSaes: () => send({ type: 'pause', section: 'saes' }),
    resumeSaes: () => send({ type: 'resume', section: 'saes' }),
    stopSaes() {
      set((s) => ({ saes: stoppingState(s.saes) }));
      send({ type: 'stop', section: 'saes' });
    },

    importSaes({ spec, weights }) {
      const { saes, transformer, stability } = get();
      if (saeStartBlocker(transformer) !== null) return;
      const next: SaeState = { ...clearedSaeRun(saes), runSpec: spec, status: 'running', message: 'installing the imported SAEs…' };
      set({ saes: next, stability: clearedStability(stability, next.runId) });
      send({ type: 'import', section: 'saes', runId: next.runId, spec, weights, sharedThreshold: stability.sharedThreshold });
    },

    resetSaes() {
      storage.end('saes', 'stopped');
      send({ type: 'reset', section: 'saes' });
      set(clearedSaeSections);
    },

    setSharedThreshold(value) {
      const { stability } = get();
      if (value === stability.sharedThreshold) return;
      // During training the worker keeps the value for its final analysis; after it, it recomputes at once.
      set({ stability: { ...stability, sharedThreshold: value, computing: stability.report !== null } });
      send({ type: 'analyze', section: 'stability', runId: stability.runId, sharedThreshold: value });
    },
  };
}
