/**
 * The whole notebook as one ExperimentSpec, and back. Share links, run history and notebook files all go through
 * these two functions, so a spec saved or sent from the page always reads back into the same controls.
 */
import { type ExperimentSpec, type PresetName, SPEC_VERSION, presetNames } from '../core/spec/experiment.ts';
import type { SaeSpec } from '../core/spec/sae.ts';
import { transformerPresets } from '../core/spec/transformer.ts';
import { checkSaeDraft, saeDraftOf } from './saeDraft.ts';
import { type StabiliseDraft, checkStabiliseDraft, initialStabiliseDraft, stabiliseDraftOf } from './stabiliseDraft.ts';
import { type SaePresetName, type SaeState, saePresetNames, saePresetSpec } from './saeSlice.ts';
import { checkDraft, draftOf, sameSpec } from './transformerDraft.ts';
import { type TransformerState, experimentName } from './transformerSlice.ts';

export interface NotebookDrafts {
  transformer: Pick<TransformerState, 'draft' | 'preset' | 'specName'>;
  saes: Pick<SaeState, 'draft' | 'preset'>;
  /** The Stabilise section's methods: in the spec once used (draft.inSpec) and valid for the SAE seeds. */
  stabilise?: { draft: StabiliseDraft };
}

/**
 * The spec the controls describe now, or null while a transformer field is bad. A bad SAE field leaves the SAEs out
 * (the transformer alone is still a valid experiment).
 */
export function notebookSpec(d: NotebookDrafts): ExperimentSpec | null {
  const { spec: transformer } = checkDraft(d.transformer.draft);
  if (!transformer) return null;
  const { spec: saes } = checkSaeDraft(d.saes.draft, transformer);
  const name = experimentName(d.transformer);
  if (!saes) return { version: SPEC_VERSION, name, transformer };
  const stabilise = d.stabilise?.draft.inSpec ? checkStabiliseDraft(d.stabilise.draft, saes.seeds).block : null;
  return stabilise ? { version: SPEC_VERSION, name, transformer, saes, stabilise } : { version: SPEC_VERSION, name, transformer, saes };
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
