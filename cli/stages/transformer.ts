/** Pipeline stage 1: train the transformer (or load a saved one) and write it in TransformerLens layout. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeTransformer, encodeTransformer, transformerConfig } from '../../src/core/io/transformerFiles.ts';
import type { TransformerReport } from '../../src/core/report.ts';
import type { TransformerSpec } from '../../src/core/spec/transformer.ts';
import { runTransformerTraining } from '../../src/core/train/loop.ts';
import { SafePointControl } from '../../src/core/train/safePointControl.ts';
import { TransformerTrainer } from '../../src/core/train/transformerTrainer.ts';
import { countParameters } from '../../src/core/transformer/weights.ts';
import { CHECKPOINT_FILE, readCheckpoint, writeCheckpoint } from '../checkpointFile.ts';
import { SnapshotWriter } from '../snapshots.ts';
import { ProgressBar } from '../progress.ts';

export interface StageContext {
  outDir: string;
  backend: string;
  quiet: boolean;
  /** Continue from `outDir/transformer/checkpoint.saelab` instead of starting afresh. */
  resume?: boolean;
  /** Seconds between checkpoints while training (0: only at the end). */
  checkpointEvery?: number;
  /** Steps between float16 weight snapshots in transformer/snapshots/ (0 or absent: none). */
  snapshotEvery?: number;
}

export async function trainTransformerStage(spec: TransformerSpec, ctx: StageContext): Promise<{ report: TransformerReport; trainer: TransformerTrainer }> {
  const dir = join(ctx.outDir, 'transformer');
  mkdirSync(dir, { recursive: true });
  const checkpointPath = join(dir, CHECKPOINT_FILE);
  const before = ctx.resume ? readCheckpoint(checkpointPath, spec) : null;
  const trainer = before ? TransformerTrainer.fromCheckpoint(spec, before.state) : new TransformerTrainer(spec);
  const history: TransformerReport['history'] = before ? [...before.history] : [];
  const bar = new ProgressBar('transformer', spec.steps, !ctx.quiet);
  if (before && !ctx.quiet) process.stderr.write(`resuming at step ${before.state.step} (${before.wallSeconds.toFixed(0)} s trained so far)\n`);

  // Checkpoints are taken between steps (SafePointControl), so the weights and AdamW moments read are of one step.
  const control = new SafePointControl(() => undefined);
  const started = performance.now();
  const priorSeconds = before?.wallSeconds ?? 0;
  let grok = before?.stepsToGrok != null ? { step: before.stepsToGrok, seconds: before.secondsToGrok } : null;
  const save = async () => writeCheckpoint(checkpointPath, {
    spec, state: await trainer.checkpoint(), history,
    wallSeconds: priorSeconds + (performance.now() - started) / 1000, stepsToGrok: grok?.step ?? null, secondsToGrok: grok?.seconds ?? null,
  });
  const snapshots = ctx.snapshotEvery ? new SnapshotWriter(dir, ctx.snapshotEvery, before !== null) : null;
  const snapshot = async () => {
    const step = trainer.stepCount;
    if (snapshots?.due(step)) snapshots.write(step, await trainer.model.weights());
  };
  const every = (ctx.checkpointEvery ?? 0) * 1000;
  const timer = every > 0 ? setInterval(() => control.between(save), every) : null;
  let summary;
  try {
    summary = await runTransformerTraining(trainer, (m) => {
      history.push([m.step, m.trainLoss, m.testLoss, m.trainAcc, m.testAcc]);
      if (snapshots?.due(m.step)) control.between(snapshot); // between steps: the weights of exactly this step
      bar.update(m.step, `train ${m.trainLoss.toExponential(2)} test ${m.testLoss.toExponential(2)} test acc ${m.testAcc.toFixed(3)}`);
    }, control);
  } finally {
    if (timer) clearInterval(timer);
  }
  bar.finish();
  await snapshot(); // the last step's, when due (the loop has ended: no safe point follows)
  grok ??= summary.stepsToGrok !== null ? { step: summary.stepsToGrok, seconds: priorSeconds + summary.secondsToGrok! } : null;
  await save(); // the end is a checkpoint too: `--resume --steps N` trains on from it
  const { trainLoss, testLoss, trainAcc, testAcc } = summary.final;
  const report: TransformerReport = {
    steps: trainer.stepCount,
    final: { trainLoss, testLoss, trainAcc, testAcc },
    stepsToGrok: grok?.step ?? null,
    secondsToGrok: grok?.seconds ?? null,
    wallSeconds: priorSeconds + summary.wallSeconds,
    msPerStep: summary.msPerStep,
    backend: ctx.backend,
    parameters: countParameters(spec),
    history,
    ...(before ? { resumedFrom: before.state.step } : {}),
  };
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
