/** Runs an experiment spec end to end in Node and writes its files. Each stage writes what it produced. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSaeFeatures, analyzeStability, analyzeTransformerModel } from '../src/core/experiment/analyze.ts';
import type { ExperimentReport } from '../src/core/report.ts';
import type { ExperimentSpec } from '../src/core/spec/experiment.ts';
import { validateSaes } from '../src/core/spec/sae.ts';
import { trainSaeStage } from './stages/saes.ts';
import { type StageContext, loadTransformerStage, trainTransformerStage } from './stages/transformer.ts';

export interface PipelineOptions extends StageContext {
  spec: ExperimentSpec;
  backendNote?: string;
  /** A `transformer/` folder of an earlier run: use it instead of training. */
  transformerDir?: string;
}

export async function runPipeline(o: PipelineOptions): Promise<ExperimentReport> {
  mkdirSync(o.outDir, { recursive: true });
  const { report: transformer, trainer } = o.transformerDir
    ? await loadTransformerStage(o.transformerDir, o)
    : await trainTransformerStage(o.spec.transformer, o);
  // A loaded transformer replaces the spec's; the SAE part is checked against it again (layer, widths).
  const spec: ExperimentSpec = o.transformerDir
    ? { ...o.spec, transformer: trainer.spec, ...(o.spec.saes ? { saes: validateSaes(o.spec.saes, trainer.spec) } : {}) }
    : o.spec;
  const report: ExperimentReport = {
    reportVersion: 1,
    createdAt: new Date().toISOString(),
    spec,
    environment: { runtime: `node ${process.version}`, backend: o.backend, backendNote: o.backendNote },
    transformer,
    fourier: await analyzeTransformerModel(trainer.model),
  };
  if (spec.saes) {
    const saes = await trainSaeStage(spec.saes, trainer.model, o);
    report.saes = saes.reports;
    if (!o.quiet) process.stderr.write('analysing stability and Fourier structure...\n');
    if (saes.trained.length >= 2) report.stability = await analyzeStability(saes.trained, saes.initial);
    const p = spec.transformer.p;
    const features = await analyzeSaeFeatures(saes.trained, saes.initial, spec.saes, saes.activations, p, report.fourier.keyFrequencies);
    report.fourier.saes = features.saes;
    report.fourier.initialSaes = features.initialSaes;
    if (features.stableFourier) report.stableFourier = features.stableFourier;
  }
  trainer.dispose();
  writeFileSync(join(o.outDir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  return report;
}
