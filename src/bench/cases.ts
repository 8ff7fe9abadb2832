/**
 * Benchmark cases, shared by the Node runner (bench/run.ts) and the browser runner. Each case measures after
 * warm-up and flushes the backend with an async read, so asynchronous backends (WebGPU) are timed honestly.
 */
import { presetSpec } from '../core/spec/experiment.ts';
import * as tf from '../core/tf.ts';
import { TransformerTrainer } from '../core/train/transformerTrainer.ts';
import { transformerStepFlops } from '../core/transformer/flops.ts';
import { type BenchPlan, type Timing, measure } from './measure.ts';

export interface BenchResult {
  name: string;
  timing: Timing;
  /** FLOPs of one run, when meaningful. */
  flops?: number;
  gflops?: number;
  /** Achieved rate over the plain matMul rate measured in the same run. */
  ratioToMatMul?: number;
  note?: string;
}

export interface MemoryCheck {
  steps: number;
  tensorsBefore: number;
  tensorsAfter: number;
  bytesBefore: number;
  bytesAfter: number;
}

/** Waits for the backend to finish all enqueued work by reading `t`, then frees it. */
async function flush(t: tf.Tensor): Promise<void> {
  await t.data();
  t.dispose();
}

/** A plain [m, k] · [k, n] matMul: the backend's reference rate. */
export async function benchMatMul(m: number, k: number, n: number, plan: BenchPlan): Promise<BenchResult> {
  const a = tf.randomNormal([m, k], 0, 1, 'float32', 1);
  const b = tf.randomNormal([k, n], 0, 1, 'float32', 2);
  const flops = 2 * m * k * n;
  const timing = await measure(async () => {
    const c = tf.matMul(a, b);
    await flush(c.slice([0, 0], [1, 1]));
    c.dispose();
  }, plan);
  tf.dispose([a, b]);
  return { name: `matMul ${m}x${k} · ${k}x${n}`, timing, flops, gflops: flops / timing.minMs / 1e6 };
}

/** One full-batch training step of a preset's transformer (evaluation excluded). */
export async function benchTransformerStep(preset: string, plan: BenchPlan, matMulGflops: number): Promise<BenchResult> {
  const spec = presetSpec(preset).transformer;
  const trainer = new TransformerTrainer(spec);
  const nTrain = trainer.dataset.trainIdx.length;
  const flops = transformerStepFlops(spec, nTrain);
  const probe = trainer.model.variables()[0];
  const timing = await measure(async () => {
    trainer.step();
    await flush(probe.slice([0, 0], [1, 1]));
  }, plan);
  trainer.dispose();
  const gflops = flops / timing.minMs / 1e6;
  return {
    name: `transformer step (${preset}: p=${spec.p}, fraction ${spec.trainFraction}, ${nTrain} examples)`,
    timing, flops, gflops, ratioToMatMul: gflops / matMulGflops,
  };
}

/** Tensor count and bytes before and after many steps: they must be equal (no leak). */
export async function memoryCheck(steps: number): Promise<MemoryCheck> {
  const trainer = new TransformerTrainer(presetSpec('tiny').transformer);
  trainer.step();
  await trainer.evaluate();
  const before = tf.memory();
  for (let i = 0; i < steps; i++) {
    trainer.step();
    if (i % 10 === 0) await trainer.evaluate();
  }
  await trainer.evaluate();
  const after = tf.memory();
  trainer.dispose();
  return { steps, tensorsBefore: before.numTensors, tensorsAfter: after.numTensors, bytesBefore: before.numBytes, bytesAfter: after.numBytes };
}

