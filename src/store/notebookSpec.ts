/**
 * The whole notebook as one ExperimentSpec, and back. Share links, run history and notebook files all go through
 * these two functions, so a spec saved or sent from the page always reads back into the same controls.
 */
import { type ExperimentSpec, SPEC_VERSION } from '../core/spec/experiment.ts';
import { checkSaeDraft, saeDraftOf } from './saeDraft.ts';
import type { SaeState } from './saeSlice.ts';
import { checkDraft, draftOf } from './transformerDraft.ts';
import { type TransformerState, experimentName } from './transformerSlice.ts';

export interface NotebookDrafts {
  transformer: Pick<TransformerState, 'draft' | 'preset' | 'specName'>;
  saes: Pick<SaeState, 'draft' | 'preset'>;
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
  return saes ? { version: SPEC_VERSION, name, transformer, saes } : { version: SPEC_VERSION, name, transformer };
}

/** The controls for a validated spec (its SAE controls stay as they are when the spec has no SAEs). */
export function draftsOf(spec: ExperimentSpec, current: NotebookDrafts): NotebookDrafts {
  return {
    transformer: { draft: draftOf(spec.transformer), preset: null, specName: spec.name },
    saes: spec.saes ? { draft: saeDraftOf(spec.saes), preset: null } : current.saes,
  };
}
