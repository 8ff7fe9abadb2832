/**
 * The Stabilise section's actions, spread into the page's one store (lab.ts). A comparison run trains on the SAE
 * section's spec (same seeds, same settings) and on the transformer in the engine, read at its current step.
 */
import { type ExperimentSpec, SPEC_VERSION } from '../core/spec/experiment.ts';
import type { EngineClient } from '../worker/client.ts';
import { saeStartBlocker } from './saeActions.ts';
import { type SpecHost, selectSaeCheck } from './specSelectors.ts';
import { type StabiliseDraft, checkStabiliseDraft } from './stabiliseDraft.ts';
import { type StabiliseState, clearedStabilise } from './stabiliseSlice.ts';
import { type TransformerState, experimentName } from './transformerSlice.ts';
import { STOPPING_MESSAGE } from './runPhase.ts';
import { type ComparisonBasis, armsToCarry, continuesShown, sourceKey } from './stabiliseContinue.ts';
import type { StorageHooks } from './storageActions.ts';
import type { StorageState } from './storageSlice.ts';

export interface StabiliseActions {
  setStabiliseDraft(draft: StabiliseDraft): void;
  startStabilise(): void;
  stopStabilise(): void;
}

interface Host extends SpecHost {
  engine: EngineClient | null;
  transformer: SpecHost['transformer'] & TransformerState;
  stabilise: StabiliseState;
  storage: StorageState;
}
type Set = (partial: Pick<Host, 'stabilise'> | ((s: Host) => Pick<Host, 'stabilise'>)) => void;

/** Why a comparison cannot start now, or null when it can. */
export function stabiliseStartBlocker(s: Host): string | null {
  const blocked = saeStartBlocker(s.transformer);
  if (blocked) return blocked;
  const { spec } = selectSaeCheck(s, s.transformer.runSpec);
  if (!spec) return 'fix the SAE settings in section 2 first: every arm trains with them';
  return checkStabiliseDraft(s.stabilise.draft, spec.seeds).error;
}

/** What a Start now would train on, or null when it cannot start. */
export function currentBasis(s: Host): ComparisonBasis | null {
  const sae = selectSaeCheck(s, s.transformer.runSpec).spec;
  if (!sae || stabiliseStartBlocker(s) !== null) return null;
  const { block } = checkStabiliseDraft(s.stabilise.draft, sae.seeds);
  if (!block) return null;
  return { sae, block, source: sourceKey(s.storage.shown.transformer ?? `page run ${s.transformer.runId}`, s.transformer.progress?.step ?? 0) };
}

/** The arms the shown comparison kept that a Start now would not train again. */
export const selectCarriedArms = (s: Host) => {
  const basis = currentBasis(s);
  return basis ? armsToCarry(s.stabilise, basis) : [];
};

export function stabiliseActions(set: Set, get: () => Host, storage: Pick<StorageHooks, 'begin'>): StabiliseActions {
  return {
    setStabiliseDraft(draft) {
      set((s) => ({ stabilise: { ...s.stabilise, draft } }));
    },

    startStabilise() {
      const s = get();
      const basis = currentBasis(s);
      if (!basis || s.stabilise.status === 'running') return;
      const finished = armsToCarry(s.stabilise, basis);
      // The shown run's record holds the arm it stopped in, if the worker saved one: the new run continues it.
      const continueFrom = continuesShown(s.stabilise, basis) ? s.storage.shown.stabilise : undefined;
      const kept = finished.length ? `continuing: ${finished.length} finished arm${finished.length > 1 ? 's' : ''} kept…` : 'starting…';
      const next = { ...clearedStabilise(s.stabilise), status: 'running' as const, message: kept, basis };
      set({ stabilise: next });
      const { sae, block } = basis;
      const name = experimentName(s.transformer);
      const experiment: ExperimentSpec = { version: SPEC_VERSION, name, transformer: s.transformer.runSpec!, saes: sae, stabilise: block };
      // The record is written first, so that the arms the worker reports (carried ones again) land in it.
      void storage.begin('stabilise', experiment, next.runId).then((stored) => {
        if (get().stabilise.runId !== next.runId) return;
        get().engine?.send({
          type: 'train', section: 'stabilise', runId: next.runId, name, sae, stabilise: block, ...(finished.length ? { finished } : {}),
          ...(stored ? { stored: stored.id } : {}), ...(continueFrom ? { continueFrom } : {}),
        });
      });
    },

    stopStabilise() {
      set((s) => ({ stabilise: s.stabilise.status === 'running' ? { ...s.stabilise, message: STOPPING_MESSAGE } : s.stabilise }));
      get().engine?.send({ type: 'stop', section: 'stabilise' });
    },
  };
}
