/** Pipeline stage 1: train the transformer (or load a saved one) and write it in TransformerLens layout. */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformerFiles } from '../../src/core/experiment/modelExport.ts';
import { type ImportedTransformer, pickTransformerFiles, readTransformerImport } from '../../src/core/io/transformerImport.ts';
import { SpecError } from '../../src/core/spec/fields.ts';
import type { TransformerReport } from '../../src/core/report.ts';
import type { TransformerSpec } from '../../src/core/spec/transformer.ts';
import { runTransformerTraining } from '../../src/core/train/loop.ts';
import { SafePointControl } from '../../src/core/train/safePointControl.ts';
import { type TransformerMetrics, TransformerTrainer } from '../../src/core/train/transformerTrainer.ts';
import { countParameters } from '../../src/core/transformer/weights.ts';
import { CliError } from '../args.ts';
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
  // The page's "download model" writes the same two files (core/experiment/modelExport.ts).
  for (const file of transformerFiles(spec, await trainer.model.weights())) writeFileSync(join(dir, file.name), file.bytes);
  return { report, trainer };
}

/**
 * Reads and checks `--transformer DIR`: config.json and the safetensors file in DIR (what a run writes to
 * `transformer/`, or a TransformerLens model). `recipe` fills the training fields when config.json has no lab
 * training block. Everything is checked here, before the pipeline writes anything; bad files throw CliError.
 */
export function readTransformerDir(dir: string, recipe: TransformerSpec): ImportedTransformer {
  const fail = (why: string) => new CliError(`--transformer ${dir}: ${why}`);
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw fail('not a folder (give the folder holding config.json and the safetensors file)');
    names = readdirSync(dir).filter((n) => n === 'config.json' || n.endsWith('.safetensors')).filter((n) => statSync(join(dir, n)).isFile());
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw fail((e as Error).message);
  }
  try {
    const picked = pickTransformerFiles(names.map((path) => ({ path })));
    const files = [picked.config, picked.weights].map(({ path }) => ({ path, bytes: new Uint8Array(readFileSync(join(dir, path))) }));
    return readTransformerImport(files, recipe);
  } catch (e) {
    if (e instanceof SpecError) throw fail(e.message);
    throw e;
  }
}

/** Uses a transformer read by readTransformerDir from `dir`: evaluated, not trained. */
export async function loadTransformerStage(loaded: ImportedTransformer, dir: string, ctx: StageContext): Promise<{ report: TransformerReport; trainer: TransformerTrainer }> {
  const { spec, weights, splitKnown, notes } = loaded;
  const trainer = new TransformerTrainer(spec, weights);
  // Without the lab's training block the split is unknown: train/test numbers would be of a split the model never saw.
  const metrics = splitKnown
    ? { final: pick(await trainer.evaluate()) }
    : { allPairs: await trainer.evaluateAllPairs() };
  return {
    trainer,
    report: {
      steps: 0,
      ...metrics,
      stepsToGrok: null,
      secondsToGrok: null,
      wallSeconds: 0,
      msPerStep: NaN,
      backend: ctx.backend,
      parameters: countParameters(spec),
      history: [],
      loadedFrom: dir,
      splitKnown,
      loadNotes: notes,
    },
  };
}

const pick = ({ trainLoss, testLoss, trainAcc, testAcc }: TransformerMetrics) => ({ trainLoss, testLoss, trainAcc, testAcc });
