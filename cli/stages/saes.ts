/**
 * Pipeline stage 2: train one SAE per seed on the transformer's activations and write them in SAELens layout; with
 * `trainedBefore` (a sweep batch trained this cell's SAEs with others', cli/sweepBatch.ts) only the writing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { saeFolderName, saeLensFiles } from '../../src/core/experiment/saeExport.ts';
import type { SaeReport } from '../../src/core/report.ts';
import { collectActivations } from '../../src/core/sae/activations.ts';
import type { SaeWeights } from '../../src/core/sae/init.ts';
import { defaultSeedGrouping } from '../../src/core/sae/trainer.ts';
import { type TrainedRun, trainRunsTogether } from '../../src/core/sae/trainRuns.ts';
import { type SaeSpec, saeArchitectureOf, saeHookName } from '../../src/core/spec/sae.ts';
import type { Transformer } from '../../src/core/transformer/model.ts';
import { ProgressBar } from '../progress.ts';
import type { StageContext } from './transformer.ts';

export interface SaeStageResult {
  reports: SaeReport[];
  initial: SaeWeights[];
  trained: SaeWeights[];
  /** Latent activations need the trainer's inputs again in later stages. */
  activations: { data: Float32Array; rows: number; cols: number };
}

export async function trainSaeStage(spec: SaeSpec, model: Transformer, ctx: StageContext, trainedBefore?: TrainedRun): Promise<SaeStageResult> {
  const acts = collectActivations(model, saeHookName(spec), spec.position); // [rows, d_in]
  const [rows, cols] = acts.shape;
  const activations = { data: (await acts.data()) as Float32Array, rows, cols };
  let run: TrainedRun;
  if (trainedBefore) {
    run = trainedBefore;
  } else {
    const bar = new ProgressBar(`SAEs x${spec.seeds.length}`, spec.epochs * Math.ceil(rows / spec.batchSize), !ctx.quiet);
    const runs = await trainRunsTogether([spec], acts, defaultSeedGrouping(ctx.backend), undefined, (m) => {
      bar.update(m.step, `FVU ${m.seeds.map((s) => s.fvu.toFixed(3)).join(' ')}`);
    });
    bar.finish();
    run = runs![0];
  }
  acts.dispose();
  const { trained, initial } = run;

  // The same files, under the same folder names, as the page's SAE download (core/experiment/saeExport.ts).
  for (const file of saeLensFiles(spec, trained)) {
    const dir = join(ctx.outDir, 'saes', file.folder);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, file.name), file.bytes);
  }
  const reports: SaeReport[] = spec.seeds.map((seed, i) => {
    const m = run.final.seeds[i];
    const name = saeFolderName(spec, seed);
    const w = trained[i];
    return {
      name,
      architecture: spec.architecture,
      seed,
      ...saeArchitectureOf(spec.architecture).reportKnobs(spec),
      dIn: w.dIn,
      dSae: w.dSae,
      hookName: saeHookName(spec),
      position: spec.position,
      mse: m.mse,
      fvu: m.fvu,
      explainedVariance: m.explainedVariance,
      l0: m.l0,
      deadFraction: m.deadFraction,
      steps: run.steps,
      wallSeconds: run.wallSeconds,
      msPerStep: run.msPerStep,
    };
  });
  return { reports, initial, trained, activations };
}
