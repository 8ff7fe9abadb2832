/** Runs an experiment spec end to end in Node and writes its files. Each stage writes what it produced. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { activationGeometry, dimensionsOf } from '../src/core/analysis/activationGeometry.ts';
import { analyzeStability, analyzeTransformerModel } from '../src/core/experiment/analyze.ts';
import { FeaturesAnalysis } from '../src/core/experiment/features.ts';
import { featuresReport } from '../src/core/experiment/featuresReport.ts';
import type { ExperimentReport } from '../src/core/report.ts';
import type { ExperimentSpec } from '../src/core/spec/experiment.ts';
import { collectActivations } from '../src/core/sae/activations.ts';
import type { TrainedRun } from '../src/core/sae/trainRuns.ts';
import { SpecError } from '../src/core/spec/fields.ts';
import { type SaeSpec, saeHookName, validateSaes } from '../src/core/spec/sae.ts';
import { type PlainArms, runStabiliserCell } from '../src/core/sweep/stabiliserCell.ts';
import type { TransformerSpec } from '../src/core/spec/transformer.ts';
import { CliError } from './args.ts';
import { progressFromSnapshots } from './progressMeasures.ts';
import { trainSaeStage } from './stages/saes.ts';
import { type StageContext, loadTransformerStage, readTransformerDir, trainTransformerStage } from './stages/transformer.ts';

export interface PipelineOptions extends StageContext {
  spec: ExperimentSpec;
  backendNote?: string;
  /** A `transformer/` folder of an earlier run: use it instead of training. */
  transformerDir?: string;
  /** This cell's SAEs, trained already with other cells' (a sweep batch, cli/sweepBatch.ts): written, not trained. */
  trainedSaes?: TrainedRun;
  /** Compute the progress measures from the transformer's snapshots when it has some (default true). */
  progress?: boolean;
  /**
   * A stabiliser sweep cell (its spec's `stabilise` block holds one method): run that method's comparison and report
   * the method arm's SAEs as this run's (core/sweep/stabiliserCell.ts); `plainArms` carries the plain arms between cells.
   */
  stabiliserCell?: { plainArms?: PlainArms };
}

export async function runPipeline(o: PipelineOptions): Promise<ExperimentReport> {
  // Everything that can be refused is checked before the first file is written (no empty output folder).
  const loaded = o.transformerDir ? readTransformerDir(o.transformerDir, o.spec.transformer) : null;
  // A loaded transformer replaces the spec's; the SAE part is checked against it again (layer, widths).
  const spec: ExperimentSpec = loaded ? { ...o.spec, transformer: loaded.spec, ...(o.spec.saes ? { saes: saesFor(o.spec.saes, loaded.spec) } : {}) } : o.spec;
  mkdirSync(o.outDir, { recursive: true });
  const { report: transformer, trainer } = loaded
    ? await loadTransformerStage(loaded, o.transformerDir!, o)
    : await trainTransformerStage(o.spec.transformer, o);
  const report: ExperimentReport = {
    reportVersion: 1,
    createdAt: new Date().toISOString(),
    spec,
    environment: { runtime: `node ${process.version}`, backend: o.backend, backendNote: o.backendNote },
    transformer,
    fourier: await analyzeTransformerModel(trainer.model),
  };
  if (spec.saes) {
    const stabilised = o.stabiliserCell ? await stabiliserStage(spec, trainer.model, report.fourier.keyFrequencies, o) : null;
    if (stabilised) report.stabilise = stabilised.stabilise;
    const saes = await trainSaeStage(spec.saes, trainer.model, o, stabilised?.run ?? o.trainedSaes);
    report.saes = saes.reports;
    if (!o.quiet) process.stderr.write('analysing stability and Fourier structure...\n');
    const geometry = await activationGeometry(saes.activations);
    report.activations = dimensionsOf(geometry);
    if (saes.trained.length >= 2) report.stability = await analyzeStability(saes.trained, saes.initial, geometry);
    const p = spec.transformer.p;
    // The page's Features section runs the same analysis: shares, stable × Fourier, families and galleries.
    const features = (await FeaturesAnalysis.compute(spec.saes, p, report.fourier.keyFrequencies, saes.activations, saes.trained, saes.initial)).summary;
    report.fourier.saes = features.trained;
    report.fourier.initialSaes = features.initial;
    if (features.stableFourier) report.stableFourier = features.stableFourier;
    if (saes.trained.length >= 2) report.features = featuresReport(features);
  }
  // Snapshots of the transformer's training (this run's `--snapshot-every`, or kept beside a loaded model).
  const progress = o.progress === false ? null : await progressFromSnapshots(o.transformerDir ?? join(o.outDir, 'transformer'), spec.transformer);
  if (progress) report.progress = progress;
  trainer.dispose();
  writeFileSync(join(o.outDir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  return report;
}

/** A stabiliser cell's comparison on the transformer's activations (the SAE stage then writes its method arm's SAEs). */
async function stabiliserStage(spec: ExperimentSpec, model: Parameters<typeof collectActivations>[0], keyFrequencies: number[], o: PipelineOptions) {
  const saes = spec.saes!;
  const acts = collectActivations(model, saeHookName(saes), saes.position); // [rows, d_in]
  const [rows, cols] = acts.shape;
  const activations = { data: (await acts.data()) as Float32Array, rows, cols };
  acts.dispose();
  if (!o.quiet) process.stderr.write(`comparing ${spec.stabilise?.methods.map((m) => m.method).join(', ')} with plain training and its controls...\n`);
  return runStabiliserCell({ spec, acts: activations, keyFrequencies, plainArms: o.stabiliserCell?.plainArms });
}

/** The spec's SAEs checked against a loaded transformer (its layers and width may differ from the spec's). */
function saesFor(saes: SaeSpec, transformer: TransformerSpec): SaeSpec {
  try {
    return validateSaes(saes, transformer);
  } catch (e) {
    if (e instanceof SpecError) throw new CliError(`the SAEs do not fit the loaded transformer: ${e.message}`);
    throw e;
  }
}
