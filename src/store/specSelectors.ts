/**
 * The specs the controls describe, derived once from the store: every reader (controls, run buttons, actions, share
 * links, notebook files, autosave) shares one check per draft instead of parsing the draft text again. Drafts are
 * replaced, never mutated, so a result is cached on the draft object it came from (garbage-collected with it).
 */
import { type ExperimentSpec, SPEC_VERSION } from '../core/spec/experiment.ts';
import type { SaeSpec } from '../core/spec/sae.ts';
import type { TransformerSpec } from '../core/spec/transformer.ts';
import type { NotebookDrafts } from './notebookSpec.ts';
import { type SaeDraft, type SaeDraftCheck, checkSaeDraft } from './saeDraft.ts';
import { type DraftCheck, type TransformerDraft, checkDraft } from './transformerDraft.ts';
import { checkStabiliseDraft } from './stabiliseDraft.ts';
import { type TransformerState, experimentName } from './transformerSlice.ts';

/** The part of the store the selectors read. */
export interface SpecHost extends NotebookDrafts {
  transformer: NotebookDrafts['transformer'] & Pick<TransformerState, 'runSpec'>;
}

const transformerChecks = new WeakMap<TransformerDraft, DraftCheck>();
const saeChecks = new WeakMap<SaeDraft, Map<TransformerSpec | null, SaeDraftCheck>>();

/** The transformer controls checked: the spec, or each bad field's message. */
export function selectDraftCheck(s: Pick<NotebookDrafts, 'transformer'>): DraftCheck {
  const draft = s.transformer.draft;
  let check = transformerChecks.get(draft);
  if (!check) transformerChecks.set(draft, (check = checkDraft(draft)));
  return check;
}

/** The transformer the controls describe, or null while a field is bad. */
export const selectDraftSpec = (s: Pick<NotebookDrafts, 'transformer'>): TransformerSpec | null => selectDraftCheck(s).spec;

/**
 * The transformer the SAE controls are checked against: the one in the engine, else the one the transformer
 * controls describe (what Run all trains first), so k > latents is flagged from the spec alone.
 */
export const selectSaeTransformer = (s: Pick<SpecHost, 'transformer'>): TransformerSpec | null => s.transformer.runSpec ?? selectDraftSpec(s);

/** The SAE controls checked against `transformer` (by default selectSaeTransformer's). */
export function selectSaeCheck(s: SpecHost): SaeDraftCheck;
export function selectSaeCheck(s: Pick<SpecHost, 'saes'>, transformer: TransformerSpec | null): SaeDraftCheck;
export function selectSaeCheck(s: Pick<SpecHost, 'saes'>, transformer: TransformerSpec | null = selectSaeTransformer(s as SpecHost)): SaeDraftCheck {
  const draft = s.saes.draft;
  let byTransformer = saeChecks.get(draft);
  if (!byTransformer) saeChecks.set(draft, (byTransformer = new Map()));
  let check = byTransformer.get(transformer);
  if (!check) byTransformer.set(transformer, (check = checkSaeDraft(draft, transformer)));
  return check;
}

/**
 * The SAE controls checked against the transformer in the engine (null: none yet, so Start is blocked anyway): what
 * Start trains, or null. The run buttons and `startSaes` both read it, so a button never offers what Start refuses.
 */
export const selectSaeStartSpec = (s: SpecHost): SaeSpec | null => selectSaeCheck(s, s.transformer.runSpec).spec;

const notebookSpecs = new WeakMap<TransformerDraft, WeakMap<SaeDraft, { names: unknown[]; spec: ExperimentSpec | null }>>();

/**
 * The whole notebook as one spec (what links, files, autosave and the history store), or null while a transformer
 * field is bad. A bad SAE field leaves the SAEs out (the transformer alone is still a valid experiment).
 */
export function selectNotebookSpec(s: NotebookDrafts): ExperimentSpec | null {
  // The spec's name comes from these; the stabilise draft is the rest of the spec.
  const names = [s.transformer.preset, s.transformer.specName, s.saes.preset, s.stabilise?.draft];
  let bySae = notebookSpecs.get(s.transformer.draft);
  if (!bySae) notebookSpecs.set(s.transformer.draft, (bySae = new WeakMap()));
  const cached = bySae.get(s.saes.draft);
  if (cached && names.every((n, i) => n === cached.names[i])) return cached.spec;
  const spec = notebookSpecOf(s);
  bySae.set(s.saes.draft, { names, spec });
  return spec;
}

function notebookSpecOf(s: NotebookDrafts): ExperimentSpec | null {
  const transformer = selectDraftSpec(s);
  if (!transformer) return null;
  const { spec: saes } = selectSaeCheck(s, transformer);
  const name = experimentName(s.transformer);
  if (!saes) return { version: SPEC_VERSION, name, transformer };
  // The Stabilise section's methods, once used (or brought by a spec) and valid for these seeds.
  const stabilise = s.stabilise?.draft.inSpec ? checkStabiliseDraft(s.stabilise.draft, saes.seeds).block : null;
  return stabilise ? { version: SPEC_VERSION, name, transformer, saes, stabilise } : { version: SPEC_VERSION, name, transformer, saes };
}
