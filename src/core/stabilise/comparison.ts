import { activationGeometry } from '../analysis/activationGeometry.ts';
import type { CrossTab } from '../analysis/stableFourier.ts';
import { nullStats } from '../analysis/nullDraws.ts';
import type { NullName } from '../analysis/nullNames.ts';
import type { NullLevel } from '../analysis/nullVerdict.ts';
import { stabilityNulls } from '../analysis/nulls.ts';
import { analyzeSaeFeatures, toDictionary } from '../experiment/analyze.ts';
import type { ActivationData, SaeWeights } from '../sae/init.ts';
import type { SaeSpec } from '../spec/sae.ts';
import type { Dictionary } from '../analysis/pairMetrics.ts';
import { type Arm, type Comparison, armLabel } from './controls.ts';
import { type FinishedArm, type PartialResult, comparisonOf, isSameArm, nullDictionaries } from './finished.ts';
import { getStabiliser } from './methods.ts';
import { type ArmProgress, type StabiliseInputs, type StabilisedSeed, trainReferences, trainStabilised } from './run.ts';
import { CheckpointError } from '../train/checkpoint.ts';
import { armOf, comparisonSteps } from './plan.ts';
import type { StabiliseBlock } from './block.ts';
import { type StabiliserSpec, validateStabiliser } from './spec.ts';

export { type StabiliseBlock, validateStabiliseBlock } from './block.ts';
// The table's text lives in table.ts (plain data, shared with the page); re-exported for the CLI and the report.
export { againstSentence, comparisonCells, comparisonMarkdown } from './table.ts';

/**
 * One comparison run (issue 14): plain training, each method, and every control, with the same seeds on the same
 * activations; then the comparison table against the strongest null. The spec's `stabilise` block lists the methods.
 */

export interface ComparisonInputs {
  sae: SaeSpec;
  acts: ActivationData;
  block: StabiliseBlock;
  /** The transformer's p and key frequencies: Fourier initialisation and the Fourier share of the price. */
  fourier?: { p: number; keyFrequencies: number[] };
  trainer?: StabiliseInputs['trainer'];
  /** Arms an earlier run of the same comparison finished (same SAEs, same activations): not trained again. */
  finished?: FinishedArm[];
  onArm?: (label: string) => void;
  /** Each arm once trained (and each carried arm, first): a host keeps them so a stopped run still shows them. */
  onArmDone?: (arm: FinishedArm) => void;
  /** Once the arms are known: their labels in training order, the training steps they take in all, those carried. */
  onPlan?: (plan: { arms: string[]; steps: number; done: number }) => void;
  onStep?: StabiliseInputs['onStep'];
  /** Every arm is trained; the nulls on these activations are measured next (their Monte Carlo draws take a while). */
  onNulls?: () => void;
  /**
   * Each arm trained here (not carried), with its seeds' weights, initial weights included: a sweep's stabiliser
   * cell reports its method arm's SAEs as the cell's own (core/sweep/stabiliserCell.ts).
   */
  onArmWeights?: (label: string, seeds: StabilisedSeed[]) => void;
  /**
   * Reference SAEs by assignment (referenceKey) that an earlier comparison of the same SAE spec on the same
   * activations trained: used as they are; the ones trained here are added (a sweep's stabiliser cells share them).
   */
  references?: Map<string, SaeWeights[]>;
  /** Where an earlier run stopped inside the first arm still to train: that arm continues from there. */
  resumeArm?: ArmResumePoint;
  /** Saves the arm in training now and then (at points it can continue from exactly): a host stores them. */
  armCheckpoints?: { due(): boolean; save(point: ArmResumePoint): Promise<void> };
  /** Before the first arm: the arm continued from `resumeArm` and the comparison step it continues at, or null when it did not fit. */
  onResumed?: (at: { label: string; step: number } | null) => void;
}

/**
 * An arm stopped mid-way, as plain data: which arm, its progress (run.ts), and the reference SAEs it was pulled
 * towards (so that they are not trained again).
 */
export interface ArmResumePoint extends ArmProgress {
  label: string;
  stab: StabiliserSpec;
  /** Raw space, per seed index; for methods that read references. */
  references?: SaeWeights[];
}

/** Which reference SAEs a method reads: arms with the same key read the same ones. */
export const referenceKey = (stab: StabiliserSpec): string => `${stab.reference}:${stab.referenceSeedOffset}`;

export interface ComparisonResult extends Comparison {
  /** The arms' specs in the order trained (method knobs as run). */
  arms: { label: string; stab: StabiliserSpec }[];
  /** The nulls used, named, with their levels. */
  nulls: Partial<Record<NullName, NullLevel>>;
}

/** Null levels on these activations, with the plain SAEs' dictionaries as the rotation null's. */
async function nullLevels(acts: ActivationData, plain: Dictionary[]): Promise<Partial<Record<NullName, NullLevel>>> {
  if (plain.length === 0) return {};
  const geometry = await activationGeometry(acts);
  const samples = await stabilityNulls(geometry, plain);
  const out: Partial<Record<NullName, NullLevel>> = {};
  for (const s of samples) {
    const stats = nullStats(s.draws, 0.7);
    out[s.name] = { pwmccMax: stats.pwmccMax, pwmccOneToOne: stats.pwmccOneToOne, label: s.label };
  }
  return out;
}

/** The arms a comparison trains, in order: plain, plain · shared init, then each method and its controls. */
export function plannedArms(sae: SaeSpec, acts: ActivationData, block: StabiliseBlock, fourier?: ComparisonInputs['fourier']): { specs: StabiliserSpec[]; fixedRows: Map<StabiliserSpec, number> } {
  const plainSpec = { ...validateStabiliser({}), method: 'plain' as const };
  const totalSteps = sae.epochs * Math.ceil(acts.rows / sae.batchSize);
  const specs: StabiliserSpec[] = [plainSpec, { ...plainSpec, init: 'shared' }];
  const fixedRows = new Map<StabiliserSpec, number>();
  for (const m of block.methods) {
    specs.push(m, { ...m, init: 'shared' });
    if (!getStabiliser(m.method).sharedByConstruction) continue;
    // Its control: plain training whose first rows are shared random rows, as many as the method fixes.
    const plan = getStabiliser(m.method).plan({ sae, stab: m, acts, totalSteps, fourier });
    plan.dispose();
    fixedRows.set(m, plan.fixedRows ?? 0);
    if (!specs.some((s) => s.method === 'plain' && s.init === 'sharedRows' && s.sharedRows === plan.fixedRows)) {
      specs.push({ ...plainSpec, init: 'sharedRows', sharedRows: plan.fixedRows ?? 0 });
    }
  }
  return { specs, fixedRows };
}

/** The comparison of the finished arms (all, or those a stopped run kept) against the nulls on these activations. */
export async function concludeComparison(acts: ActivationData, finished: FinishedArm[], planned: string[]): Promise<PartialResult> {
  return comparisonOf(finished, planned, await nullLevels(acts, nullDictionaries(finished)));
}

/** Whether a stored point can continue arm `label` of `stab` on these SAEs (its shapes; the trainer checks the rest). */
function fitsArm(point: ArmResumePoint, label: string, stab: StabiliserSpec, sae: SaeSpec, acts: ActivationData): boolean {
  const n = sae.expansion * acts.cols;
  const fits = (w: SaeWeights) => w.dIn === acts.cols && w.dSae === n && w.W_dec.length === n * acts.cols && w.W_enc.length === n * acts.cols;
  const needs = getStabiliser(stab.method).needsReference;
  return isSameArm(point, label, stab) && Number.isInteger(point.group) && point.group >= 0 && point.done.every((s) => fits(s.weights))
    && (!needs || (point.references?.length === sae.seeds.length && point.references.every(fits)));
}

/** Trains the arms not yet finished and returns every arm, carried and new, in plan order. */
export async function trainArms(inputs: ComparisonInputs): Promise<{ planned: string[]; finished: FinishedArm[] }> {
  const { sae, acts, block, fourier } = inputs;
  const { specs, fixedRows } = plannedArms(sae, acts, block, fourier);
  const totalSteps = sae.epochs * Math.ceil(acts.rows / sae.batchSize);
  const planned = specs.map(armOf).map(armLabel);
  const carried = (i: number) => inputs.finished?.find((f) => isSameArm(f, planned[i], specs[i]));
  const todo = specs.filter((_, i) => !carried(i));
  const first = specs.findIndex((_, i) => !carried(i));
  const references = inputs.references ?? new Map<string, SaeWeights[]>(); // by reference assignment: shared across methods
  // Only the first arm still to train can continue mid-way: the point was saved while the arms before it were done.
  let resume = inputs.resumeArm && first >= 0 && fitsArm(inputs.resumeArm, planned[first], specs[first], sae, acts) ? inputs.resumeArm : undefined;
  const steps = comparisonSteps(specs, sae.seeds.length, totalSteps);
  const done = steps - comparisonSteps(todo, sae.seeds.length, totalSteps);
  let resumed = 0; // steps of the continued arm done before (its references' too)
  if (resume) {
    const key = referenceKey(specs[first]);
    if (!resume.references || references.has(key)) resume = { ...resume, references: undefined };
    else {
      references.set(key, resume.references);
      resumed += totalSteps;
    }
    resumed += resume.group * totalSteps + resume.state.step;
  }
  inputs.onPlan?.({ arms: planned, steps, done: done + resumed });
  if (inputs.resumeArm) inputs.onResumed?.(resume ? { label: resume.label, step: done + resumed } : null);
  const finished: FinishedArm[] = [];
  let step = done + resumed;
  const onStep = async () => {
    step++;
    await inputs.onStep?.();
  };
  for (const [i, stab] of specs.entries()) {
    const kept = carried(i);
    if (kept) {
      finished.push(kept);
      inputs.onArmDone?.(kept);
      continue;
    }
    const needs = getStabiliser(stab.method).needsReference;
    const arm = armOf(stab);
    inputs.onArm?.(planned[i]);
    const key = referenceKey(stab);
    const referencesFor = async () => {
      if (needs && !references.has(key)) references.set(key, await trainReferences({ sae, stab, acts, trainer: inputs.trainer, onStep }));
      return needs ? references.get(key) : undefined;
    };
    const train = (refs: SaeWeights[] | undefined, from?: ArmProgress) => {
      const save = inputs.armCheckpoints;
      const checkpoints = save && {
        due: () => save.due(),
        save: (p: ArmProgress) => save.save({ ...p, label: planned[i], stab, ...(refs ? { references: refs } : {}) }),
      };
      return trainStabilised({
        sae, stab, acts, fourier, references: refs, trainer: inputs.trainer, onStep, keepInitial: inputs.onArmWeights !== undefined, resume: from, checkpoints,
      });
    };
    let refs = await referencesFor();
    let seeds: StabilisedSeed[];
    try {
      seeds = await train(refs, i === first ? resume : undefined);
    } catch (e) {
      // A stored point that does not fit these activations (another backend read them): the arm starts again,
      // its references too (they were trained on those activations).
      if (!(e instanceof CheckpointError) || i !== first || !resume) throw e;
      step -= resumed;
      if (resume.references) references.delete(key);
      resume = undefined;
      inputs.onResumed?.(null);
      refs = await referencesFor();
      seeds = await train(refs);
    }
    inputs.onArmWeights?.(planned[i], seeds);
    const outcome: Arm = { ...arm, fixedRows: fixedRows.get(stab), seeds: await outcomes(seeds, sae, acts, fourier), references: refs?.map(toDictionary) };
    const trained: FinishedArm = { label: planned[i], stab, arm: outcome, step };
    finished.push(trained);
    inputs.onArmDone?.(trained);
  }
  return { planned, finished };
}

/** Trains every arm, then compares them (the CLI; the page's host also keeps the arms of a stopped run). */
export async function runComparison(inputs: ComparisonInputs): Promise<ComparisonResult> {
  const { planned, finished } = await trainArms(inputs);
  inputs.onNulls?.();
  const { missing: _none, ...result } = await concludeComparison(inputs.acts, finished, planned);
  return result;
}

async function outcomes(seeds: StabilisedSeed[], sae: SaeSpec, acts: ActivationData, fourier: ComparisonInputs['fourier']): Promise<Arm['seeds']> {
  const weights = seeds.map((s) => s.weights);
  const features = fourier ? await analyzeSaeFeatures(weights, [], { ...sae, seeds: seeds.map((s) => s.seed) }, acts, fourier.p, fourier.keyFrequencies) : null;
  // Stable ∩ Fourier: live latents stable in every other seed of the arm and Fourier at once (stableFourier.ts).
  const tabs = features?.stableFourier?.trained.perSeed;
  const live = (t: CrossTab) => t.stableFourier + t.stableOther + t.unstableFourier + t.unstableOther;
  return seeds.map((s, i) => ({
    seed: s.seed, group: s.group, dictionary: toDictionary(s.weights), fvu: s.metrics.fvu, l0: s.metrics.l0, deadFraction: s.metrics.deadFraction,
    fourierShare: features ? features.saes[i].share : null,
    stableFourier: tabs && live(tabs[i]) > 0 ? tabs[i].stableFourier / live(tabs[i]) : null,
  }));
}
