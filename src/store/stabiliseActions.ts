/**
 * The Stabilise section's actions, spread into the page's one store (lab.ts). A comparison run trains on the SAE
 * section's spec (same seeds, same settings) and on the transformer in the engine, read at its current step.
 */
import type { EngineClient } from '../worker/client.ts';
import { saeStartBlocker } from './saeActions.ts';
import { type SpecHost, selectSaeCheck } from './specSelectors.ts';
import { type StabiliseDraft, checkStabiliseDraft } from './stabiliseDraft.ts';
import { type StabiliseState, clearedStabilise } from './stabiliseSlice.ts';
import { type TransformerState, experimentName } from './transformerSlice.ts';
import { STOPPING_MESSAGE } from './runPhase.ts';

export interface StabiliseActions {
  setStabiliseDraft(draft: StabiliseDraft): void;
  startStabilise(): void;
  stopStabilise(): void;
}

interface Host extends SpecHost {
  engine: EngineClient | null;
  transformer: SpecHost['transformer'] & TransformerState;
  stabilise: StabiliseState;
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

export function stabiliseActions(set: Set, get: () => Host): StabiliseActions {
  return {
    setStabiliseDraft(draft) {
      set((s) => ({ stabilise: { ...s.stabilise, draft } }));
    },

    startStabilise() {
      const s = get();
      if (stabiliseStartBlocker(s) !== null || s.stabilise.status === 'running') return;
      const sae = selectSaeCheck(s, s.transformer.runSpec).spec!;
      const { block } = checkStabiliseDraft(s.stabilise.draft, sae.seeds);
      const next = { ...clearedStabilise(s.stabilise), status: 'running' as const, message: 'starting…' };
      set({ stabilise: next });
      s.engine?.send({ type: 'train', section: 'stabilise', runId: next.runId, name: experimentName(s.transformer), sae, stabilise: block });
    },

    stopStabilise() {
      set((s) => ({ stabilise: s.stabilise.status === 'running' ? { ...s.stabilise, message: STOPPING_MESSAGE } : s.stabilise }));
      get().engine?.send({ type: 'stop', section: 'stabilise' });
    },
  };
}
