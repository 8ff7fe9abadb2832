/**
 * A stabiliser sweep cell (issue 14: methods usable in sweeps): its spec's `stabilise` block holds one method, and
 * the cell runs that method's comparison — plain training, the method, the shared-init controls, held-out
 * evaluation and the nulls — on the cell's activations (comparison.ts). The method arm's SAEs come back as the
 * cell's own trained run, so the cell's report (saes, stability, Fourier) describes the method and the existing
 * results columns read it; the comparison goes into the report's `stabilise`. The page's worker (cell.ts) and the
 * CLI pipeline (cli/pipeline.ts) both run it here, so they report the same numbers.
 */
import type { StabiliseReport } from '../report.ts';
import type { ActivationData, SaeWeights } from '../sae/init.ts';
import type { TrainedRun } from '../sae/trainRuns.ts';
import type { ExperimentSpec } from '../spec/experiment.ts';
import { referenceKey, runComparison } from '../stabilise/comparison.ts';
import { getStabiliser } from '../stabilise/methods.ts';
import { armLabel } from '../stabilise/controls.ts';
import type { FinishedArm } from '../stabilise/finished.ts';
import { armOf } from '../stabilise/plan.ts';
import { unrunnable } from '../stabilise/record.ts';
import type { StabilisedSeed } from '../stabilise/run.ts';

/**
 * The plain arms (plain, plain · shared init, plain · N shared rows) and the reference SAEs of the last stabiliser
 * cell, kept for the next cell on the same transformer and SAE spec: they do not depend on the method, so they are
 * not trained again. One key at a time, so memory stays bounded (a few dictionaries).
 */
export class PlainArms {
  private key: string | null = null;
  private arms: FinishedArm[] = [];
  private refs = new Map<string, SaeWeights[]>();

  /** The kept arms for this cell's transformer and SAE spec (none for another). */
  for(key: string): FinishedArm[] {
    return key === this.key ? [...this.arms] : [];
  }

  /** The reference SAEs kept for this key, by assignment; the comparison adds the ones it trains. */
  references(key: string): Map<string, SaeWeights[]> {
    this.switchTo(key);
    return this.refs;
  }

  clear(): void {
    [this.key, this.arms, this.refs] = [null, [], new Map()];
  }

  keep(key: string, arm: FinishedArm): void {
    if (arm.stab.method !== 'plain') return;
    this.switchTo(key);
    if (!this.arms.some((a) => a.label === arm.label)) this.arms.push(arm);
  }

  private switchTo(key: string): void {
    if (key !== this.key) [this.key, this.arms, this.refs] = [key, [], new Map()];
  }
}

/** The label `reused` gives reference SAEs carried over from an earlier cell. */
export const REUSED_REFERENCES = 'reference SAEs';

/** Same transformer (its fields) and same SAE spec: the plain arms are the same SAEs. */
const plainKey = (spec: ExperimentSpec): string => JSON.stringify([spec.transformer, spec.saes]);

export interface StabiliserCellInputs {
  /** A validated cell spec with SAEs and a one-method `stabilise` block. */
  spec: ExperimentSpec;
  acts: ActivationData; // [rows, d_in]
  /** The transformer's key frequencies (analyzeTransformerModel): Fourier initialisation and the Fourier share. */
  keyFrequencies: number[];
  /** Plain arms kept between cells (a host keeps one for its whole sweep). */
  plainArms?: PlainArms;
  /** After every training step: a host yields and stops the cell by throwing. */
  onStep?: () => Promise<void>;
}

export interface StabiliserCellResult {
  /** The method arm's SAEs as a trained run (every seed, initial and trained weights, final metrics). */
  run: TrainedRun;
  stabilise: StabiliseReport;
}

export async function runStabiliserCell(inputs: StabiliserCellInputs): Promise<StabiliserCellResult> {
  const { spec, acts, keyFrequencies } = inputs;
  const sae = spec.saes!;
  const methods = spec.stabilise?.methods ?? [];
  if (methods.length !== 1) throw new Error(`a stabiliser cell compares one method; its spec lists ${methods.length}`);
  const { block, dropped } = unrunnable(spec.stabilise!, keyFrequencies);
  if (dropped) throw new Error(`${methods[0].method} cannot run on this transformer (${dropped})`);
  const label = armLabel(armOf(methods[0]));
  const key = plainKey(spec);
  const carried = inputs.plainArms?.for(key) ?? [];
  const references = inputs.plainArms?.references(key) ?? new Map<string, SaeWeights[]>();
  const carriedReferences = getStabiliser(methods[0].method).needsReference && references.has(referenceKey(methods[0]));
  let methodSeeds: StabilisedSeed[] | null = null;
  let trainedSteps = 0;
  const started = performance.now();
  const result = await runComparison({
    sae, acts, block, fourier: { p: spec.transformer.p, keyFrequencies }, finished: carried, references,
    onArmWeights: (arm, seeds) => { if (arm === label) methodSeeds = seeds; },
    onArmDone: (arm) => inputs.plainArms?.keep(key, arm),
    onStep: async () => {
      trainedSteps++;
      await inputs.onStep?.();
    },
  });
  const wallSeconds = (performance.now() - started) / 1000;
  if (!methodSeeds) throw new Error(`the comparison did not train the method arm "${label}"`);
  const seeds = [...(methodSeeds as StabilisedSeed[])].sort((a, b) => a.seedIndex - b.seedIndex);
  const steps = sae.epochs * Math.ceil(acts.rows / sae.batchSize);
  const run: TrainedRun = {
    initial: seeds.map((s) => s.initial!),
    trained: seeds.map((s) => s.weights),
    final: { step: steps, totalSteps: steps, epoch: sae.epochs, l1: 0, seeds: seeds.map((s) => s.metrics) },
    steps,
    // The cell's compute is the whole comparison (every arm, reference and control it trained), not the method arm alone.
    wallSeconds,
    msPerStep: trainedSteps > 0 ? (wallSeconds * 1000) / trainedSteps : 0,
  };
  const reused = [...carried.map((a) => a.label).filter((l) => result.arms.some((a) => a.label === l)), ...(carriedReferences ? [REUSED_REFERENCES] : [])];
  return { run, stabilise: { ...result, arm: label, keyFrequencies: [...keyFrequencies], reused } };
}
