/** Pipeline stage 1: train the transformer (or load a saved one) and write it in TransformerLens layout. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeTransformer, encodeTransformer, transformerConfig } from '../../src/core/io/transformerFiles.ts';
import type { TransformerReport } from '../../src/core/report.ts';
import type { TransformerSpec } from '../../src/core/spec/transformer.ts';
import { runTransformerTraining } from '../../src/core/train/loop.ts';
import { TransformerTrainer } from '../../src/core/train/transformerTrainer.ts';
import { countParameters } from '../../src/core/transformer/weights.ts';
import { ProgressBar } from '../progress.ts';

export interface StageContext {
  outDir: string;
  backend: string;
  quiet: boolean;
}

export async function trainTransformerStage(spec: TransformerSpec, ctx: StageContext): Promise<{ report: TransformerReport; trainer: TransformerTrainer }> {
  const trainer = new TransformerTrainer(spec);
  const bar = new ProgressBar('transformer', spec.steps, !ctx.quiet);
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
    secondsToGrok: summary.secondsToGrok,
    wallSeconds: summary.wallSeconds,
    msPerStep: summary.msPerStep,
    backend: ctx.backend,
    parameters: countParameters(spec),
    history,
  };
  const dir = join(ctx.outDir, 'transformer');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'model.safetensors'), encodeTransformer(spec, await trainer.model.weights()));
  writeFileSync(join(dir, 'config.json'), JSON.stringify(transformerConfig(spec), null, 2) + '\n');
  return { report, trainer };
}

/** Loads DIR/model.safetensors + DIR/config.json written by an earlier run (the folder `transformer/`). */
export async function loadTransformerStage(dir: string, ctx: StageContext): Promise<{ report: TransformerReport; trainer: TransformerTrainer }> {
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  const { spec, weights } = decodeTransformer(config, new Uint8Array(readFileSync(join(dir, 'model.safetensors'))));
  const trainer = new TransformerTrainer(spec, weights);
  const m = await trainer.evaluate();
  return {
    trainer,
    report: {
      steps: 0,
      final: { trainLoss: m.trainLoss, testLoss: m.testLoss, trainAcc: m.trainAcc, testAcc: m.testAcc },
      stepsToGrok: null,
      secondsToGrok: null,
      wallSeconds: 0,
      msPerStep: NaN,
      backend: ctx.backend,
      parameters: countParameters(spec),
      history: [],
      loadedFrom: dir,
    },
  };
}
