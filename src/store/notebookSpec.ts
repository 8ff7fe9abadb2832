/**
 * The whole notebook as one ExperimentSpec (specSelectors.ts `selectNotebookSpec`), and back (`draftsOf`). Share
 * links, run history and notebook files all go through these two, so a spec saved or sent from the page always reads back into the same controls.
 */
import { type ExperimentSpec, type PresetName, presetNames } from '../core/spec/experiment.ts';
import type { SaeSpec } from '../core/spec/sae.ts';
import { transformerPresets } from '../core/spec/transformer.ts';
import { saeDraftOf } from './saeDraft.ts';
import { type StabiliseDraft, initialStabiliseDraft, stabiliseDraftOf } from './stabiliseDraft.ts';
import { type SaePresetName, type SaeState, saePresetNames, saePresetSpec } from './saeSlice.ts';
import { draftOf, sameSpec } from './transformerDraft.ts';
import type { TransformerState } from './transformerSlice.ts';

export interface NotebookDrafts {
  transformer: Pick<TransformerState, 'draft' | 'preset' | 'specName'>;
  saes: Pick<SaeState, 'draft' | 'preset'>;
  /** The Stabilise section's methods: in the spec once used (draft.inSpec) and valid for the SAE seeds. */
  stabilise?: { draft: StabiliseDraft };
}

/** The preset whose settings a loaded spec has exactly, so a link or file of an unedited preset shows its name. */
export const transformerPresetOf = (spec: ExperimentSpec['transformer']): PresetName | null =>
  presetNames.find((name) => sameSpec(transformerPresets[name], spec)) ?? null;

export function saePresetOf(spec: SaeSpec): SaePresetName | null {
  const draft = saeDraftOf(spec); // as the controls show it: seed lists compare as text
  return saePresetNames.find((name) => {
    const preset = saeDraftOf(saePresetSpec(name));
    return Object.entries(preset).every(([key, value]) => draft[key as keyof typeof draft] === value);
  }) ?? null;
}

/** The controls for a validated spec (its SAE controls stay as they are when the spec has no SAEs). */
export function draftsOf(spec: ExperimentSpec, current: NotebookDrafts): NotebookDrafts {
  return {
    transformer: { draft: draftOf(spec.transformer), preset: transformerPresetOf(spec.transformer), specName: spec.name },
    saes: spec.saes ? { draft: saeDraftOf(spec.saes), preset: saePresetOf(spec.saes) } : current.saes,
    stabilise: { draft: spec.stabilise ? stabiliseDraftOf(spec.stabilise) : initialStabiliseDraft() },
  };
}
