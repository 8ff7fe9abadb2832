/** Runs an experiment spec end to end in Node and writes its files. Each stage writes what it produced. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeTransformer, transformerConfig } from '../src/core/io/transformerFiles.ts';
import type { ExperimentReport, TransformerReport } from '../src/core/report.ts';
import type { ExperimentSpec } from '../src/core/spec/experiment.ts';
import { runTransformerTraining } from '../src/core/train/loop.ts';
import { TransformerTrainer } from '../src/core/train/transformerTrainer.ts';
import { countParameters } from '../src/core/transformer/weights.ts';
import { ProgressBar } from './progress.ts';

export interface PipelineOptions {
  spec: ExperimentSpec;
  outDir: string;
  backend: string;
  backendNote?: string;
  quiet: boolean;
}

async function trainTransformerStage(o: PipelineOptions): Promise<{ report: TransformerReport; trainer: TransformerTrainer }> {
  const spec = o.spec.transformer;
  const trainer = new TransformerTrainer(spec);
  const bar = new ProgressBar('transformer', spec.steps, !o.quiet);
  const history: TransformerReport['history'] = [];
  const summary = await runTransformerTraining(trainer, (m) => {
    history.push([m.step, m.trainLoss, m.testLoss, m.trainAcc, m.testAcc]);
    bar.update(m.step, `train ${m.trainLoss.toExponential(2)} test ${m.testLoss.toExponential(2)} test acc ${m.testAcc.toFixed(3)}`);
  });
  bar.finish();
  const { trainLoss, testLoss, trainAcc, testAcc } = summary.final;
  const report: TransformerReport = {
    steps: summary.steps,
    final: { trainLoss, testLoss, trainAcc, testAcc },
    stepsToGrok: summary.stepsToGrok,
    wallSeconds: summary.wallSeconds,
    msPerStep: summary.msPerStep,
    backend: o.backend,
    parameters: countParameters(spec),
    history,
  };
  const dir = join(o.outDir, 'transformer');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.safetensors'), encodeTransformer(spec, await trainer.model.weights()));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(transformerConfig(spec), null, 2) + '\n');
  return { report, trainer };
}

export async function runPipeline(o: PipelineOptions): Promise<ExperimentReport> {
  mkdirSync(o.outDir, { recursive: true });
  const { report: transformer, trainer } = await trainTransformerStage(o);
  trainer.dispose();
  const report: ExperimentReport = {
    reportVersion: 1,
    createdAt: new Date().toISOString(),
    spec: o.spec,
    environment: { runtime: `node ${process.version}`, backend: o.backend, backendNote: o.backendNote },
    transformer,
  };
  writeFileSync(join(o.outDir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  return report;
}
