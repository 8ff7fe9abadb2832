import { getArchitecture } from '../sae/architectures.ts';
import { type ActivationData, type SaeWeights, initialSaeWeights } from '../sae/init.ts';
import type { SaeSeedMetrics } from '../sae/metrics.ts';
import { SaeTrainer, type SaeTrainerOptions } from '../sae/trainer.ts';
import type { SaeSpec } from '../spec/sae.ts';
import type { TrainerCheckpoint } from '../train/checkpoint.ts';
import { type StabiliserContext, type StabiliserPlan, getStabiliser } from './methods.ts';
import { type StabiliserSpec, referenceSeeds } from './spec.ts';

/**
 * Trains the SAEs of one stabiliser (or plain training) on the same activations and seeds as every other arm of a
 * comparison, and returns each seed's weights and metrics for the controls (controls.ts).
 */

export interface StabilisedSeed {
  seed: number;
  seedIndex: number;
  /** SAEs of the same group were trained together (mutual); otherwise every seed is its own group. */
  group: number;
  /** Raw-activation space, SAELens layout. */
  weights: SaeWeights;
  /** Its weights before training (the method's init included), when asked for (`keepInitial`). */
  initial?: SaeWeights;
  metrics: SaeSeedMetrics;
}

export interface StabiliseInputs {
  sae: SaeSpec;
  stab: StabiliserSpec;
  acts: ActivationData;
  /** The transformer's p and key frequencies (fourierInit). */
  fourier?: StabiliserContext['fourier'];
  /** Per seed index the plain reference SAE; trained here (plain, own init) when a method needs them and none are given. */
  references?: SaeWeights[];
  /** Trainer options (grouping, matMul, gradients) shared by every arm so that they differ only by the method. */
  trainer?: Pick<SaeTrainerOptions, 'grouping' | 'matMul' | 'gradients'>;
  /**
   * After every training step (references' too): a host counts progress, yields to its event loop, and stops the
   * run by throwing (the trainers and the plan are disposed on the way out).
   */
  onStep?: () => Promise<void>;
  /** Keep each seed's initial weights too (a sweep cell reports its SAEs beside their untrained selves). */
  keepInitial?: boolean;
  /** Where an earlier run of this arm stopped (its `checkpoints`' last save): training continues from there. */
  resume?: ArmProgress;
  /** Saves the arm's progress now and then, so that a stopped run can continue mid-arm. */
  checkpoints?: ArmCheckpoints;
}

/**
 * How far an arm's training got, as plain data (a host stores it): the seeds of its finished groups and the running
 * group's trainer, between two steps. Continuing from it gives the same weights as never having stopped.
 */
export interface ArmProgress {
  /** The group training now (groups of `groupSize` seeds for a method that trains SAEs together, else one group). */
  group: number;
  /** The seeds of the groups before it, as trained. */
  done: StabilisedSeed[];
  /** The running group's trainer. */
  state: TrainerCheckpoint;
}

export interface ArmCheckpoints {
  /** Asked at every point the arm can continue from (an evaluation step the method can restart at). */
  due(): boolean;
  save(progress: ArmProgress): Promise<void>;
}

/**
 * Steps a trainer (fresh or resumed) to the end, running `before` ahead of each step and `after` behind it, fencing
 * every evalEvery steps; `safePoint` runs at each fence, where the trainer's state is complete.
 */
async function trainToEnd(trainer: SaeTrainer, before?: (t: number) => Promise<void>, after?: () => Promise<void>, safePoint?: (t: number) => Promise<void>): Promise<{ weights: SaeWeights[]; metrics: SaeSeedMetrics[] }> {
  for (let t = trainer.stepCount + 1; t <= trainer.totalSteps; t++) {
    await before?.(t);
    trainer.step();
    const fence = t % trainer.spec.evalEvery === 0;
    if (fence) await trainer.settled();
    await after?.(); // before the save, so a count kept by `after` includes the step saved
    if (fence && t < trainer.totalSteps) await safePoint?.(t);
  }
  const metrics = (await trainer.evaluate()).seeds;
  return { weights: await trainer.weights(), metrics };
}

/**
 * The shared-initialisation controls: every seed starts from the first seed's initial weights (random draw and the
 * method's own edit), keeping its own data order — all of them, or with `rows` only the first `rows` decoder rows
 * and their encoder columns.
 */
export function sharedInit(sae: SaeSpec, plan: Pick<StabiliserPlan, 'editInit'>, rows?: number): (w: SaeWeights, seedIndex: number) => void {
  const norm = getArchitecture(sae.architecture).decoderInitNorm;
  return (w, seedIndex) => {
    const first = initialSaeWeights(sae.seeds[0], w.dIn, w.dSae, norm, w.b_dec);
    plan.editInit?.(first, 0);
    if (rows === undefined) {
      w.W_enc.set(first.W_enc);
      w.b_enc.set(first.b_enc);
      w.W_dec.set(first.W_dec);
      w.b_dec.set(first.b_dec);
      return;
    }
    plan.editInit?.(w, seedIndex);
    const { dIn: d, dSae: n } = w;
    for (let i = 0; i < Math.min(rows, n); i++) {
      for (let j = 0; j < d; j++) {
        w.W_dec[i * d + j] = first.W_dec[i * d + j];
        w.W_enc[j * n + i] = first.W_enc[j * n + i];
      }
    }
  };
}

/** Plain SAEs of the reference seeds, one per seed index (a shared reference is trained once). */
export async function trainReferences(inputs: Omit<StabiliseInputs, 'references'>): Promise<SaeWeights[]> {
  const seeds = referenceSeeds(inputs.stab, inputs.sae.seeds);
  const unique = [...new Set(seeds)];
  const trainer = new SaeTrainer({ ...inputs.sae, seeds: unique }, inputs.acts, { ...inputs.trainer });
  try {
    const { weights } = await trainToEnd(trainer, undefined, inputs.onStep);
    return seeds.map((s) => weights[unique.indexOf(s)]);
  } finally {
    trainer.dispose();
  }
}

/** Trains every seed with the stabiliser of `inputs.stab` (plus its init control) and returns the seeds in order. */
export async function trainStabilised(inputs: StabiliseInputs): Promise<StabilisedSeed[]> {
  const { sae, stab, acts } = inputs;
  const method = getStabiliser(stab.method);
  const references = method.needsReference ? (inputs.references ?? (await trainReferences(inputs))) : undefined;
  const stepsPerEpoch = Math.ceil(acts.rows / sae.batchSize);
  const ctx: StabiliserContext = { sae, stab, acts, totalSteps: sae.epochs * stepsPerEpoch, references, fourier: inputs.fourier };
  const plan = method.plan(ctx);
  const indices = sae.seeds.map((_, i) => i);
  const groupSize = method.trainsTogether ? stab.groupSize : sae.seeds.length;
  const groups: number[][] = [];
  for (let g = 0; g < indices.length; g += groupSize) groups.push(indices.slice(g, g + groupSize));
  const edit = stab.init === 'shared' ? sharedInit(sae, plan) : stab.init === 'sharedRows' ? sharedInit(sae, plan, stab.sharedRows) : plan.editInit;
  const resume = inputs.resume;
  const out: StabilisedSeed[] = resume ? [...resume.done] : [];
  try {
    for (const [g, members] of groups.entries()) {
      if (resume && g < resume.group) continue; // its seeds are in `out` already
      const options: SaeTrainerOptions = {
        ...inputs.trainer,
        // Seeds trained together must share one computation for the term to couple them.
        ...(method.trainsTogether ? { grouping: 'batched' } : {}),
        editInit: edit && ((w, i) => edit(w, members[i])),
        extraTerm: plan.extraTerm && ((t, local) => plan.extraTerm!(t, local.map((i) => members[i]))),
      };
      const from = resume?.group === g ? resume.state : undefined;
      const trainer = new SaeTrainer({ ...sae, seeds: members.map((i) => sae.seeds[i]) }, acts, options, from);
      try {
        const before = plan.beforeStep && ((t: number) => plan.beforeStep!(t, trainer, members));
        const initial = inputs.keepInitial ? (from ? trainer.untrainedWeights() : await trainer.weights()) : undefined;
        const checkpoints = inputs.checkpoints;
        const safePoint = checkpoints && (async (t: number) => {
          if ((plan.resumableAfter?.(t) ?? true) && checkpoints.due()) await checkpoints.save({ group: g, done: [...out], state: await trainer.checkpoint() });
        });
        const { weights, metrics } = await trainToEnd(trainer, before, inputs.onStep, safePoint);
        members.forEach((seedIndex, j) => out.push({
          seed: sae.seeds[seedIndex], seedIndex, group: method.trainsTogether ? g : seedIndex, weights: weights[j], metrics: metrics[j],
          ...(initial ? { initial: initial[j] } : {}),
        }));
      } finally {
        trainer.dispose();
      }
    }
  } finally {
    plan.dispose();
  }
  return out;
}
