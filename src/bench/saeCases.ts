/** Benchmark cases for SAE training steps and the stability analysis (shared by the Node and browser runners). */
import type { Dictionary } from '../core/analysis/pairMetrics.ts';
import { randomUnitDictionary } from '../core/analysis/randomBaseline.ts';
import { pairwiseStability } from '../core/analysis/stability.ts';
import { Rng } from '../core/rng.ts';
import * as tf from '../core/tf.ts';
import type { SaeWeights } from '../core/sae/init.ts';
import { SaeTrainer, defaultSeedGrouping } from '../core/sae/trainer.ts';
import { defaultsOf } from '../core/spec/fields.ts';
import { saeFields } from '../core/spec/sae.ts';
import type { BenchResult } from './cases.ts';
import { type BenchPlan, measure } from './measure.ts';

/**
 * FLOPs of one SAE step per seed: the five products of a [B, d] · [d, n]-sized matMul that training needs
 * (encoder and decoder forward; the decoder's input and weight gradients; the encoder's weight gradient — the data
 * takes none), 2 FLOPs per multiply-add. AuxK's work on the dead latents and the TopK selection are not counted.
 */
export const saeStepFlops = (batch: number, dIn: number, n: number): number => 5 * 2 * batch * dIn * n;

/** Latents [0, dead) start with encoders 100× too small: they never reach the top k, so they die at once. */
function plantDead(dead: number, dIn: number) {
  return (w: SaeWeights) => {
    for (let i = 0; i < dead; i++) for (let j = 0; j < dIn; j++) w.W_enc[j * w.dSae + i] *= 0.01;
  };
}

/**
 * One step of TopK SAEs (d_in 128, 1,024 latents, k = 32, batch 4,096) for `seeds` seeds, on Gaussian data, with
 * `deadShare` of the latents dead so that AuxK has work (real runs end with 2–6 % dead, README).
 */
export async function benchSaeStep(
  seeds: number,
  deadShare: number,
  backend: string,
  plan: BenchPlan,
  matMulGflops: number,
): Promise<BenchResult> {
  const dIn = 128, n = 1024, batch = 4096, rows = 3 * batch; // whole batches only: a short last batch would time as a fast step
  // A quarter epoch (3,072 rows) is shorter than one batch: a latent silent for one step counts as dead.
  const spec = {
    ...defaultsOf(saeFields), architecture: 'topk' as const, k: 32, expansion: n / dIn, batchSize: batch, deadWindow: 0.25,
    seeds: Array.from({ length: seeds }, (_, i) => 42 + i),
  };
  const rng = new Rng(7);
  const dead = Math.round(deadShare * n);
  const trainer = new SaeTrainer(spec, { data: rng.normals(rows * dIn), rows, cols: dIn }, {
    ...defaultSeedGrouping(backend),
    editInit: plantDead(dead, dIn),
  });
  trainer.step(); // from here on the planted latents are dead
  const timing = await measure(async () => {
    trainer.step();
    await trainer.settled();
  }, plan);
  const metrics = await trainer.evaluate();
  trainer.dispose();
  const deadNow = Math.max(...metrics.seeds.map((s) => Math.round(s.deadWindowFraction * n)));
  const flops = seeds * saeStepFlops(batch, dIn, n);
  const gflops = flops / timing.minMs / 1e6;
  return {
    name: `SAE step, TopK k=32, 128→1024, batch 4096, ${seeds} seed${seeds > 1 ? 's' : ''}, ${Math.round(deadShare * 100)} % dead`,
    timing, flops, gflops, ratioToMatMul: gflops / matMulGflops,
    note: `AuxK on ${deadNow} dead latents (at most, per seed, after the run)`,
  };
}

/** All three stability forms (max-cosine, one-to-one, shared fraction) for 5 SAEs × 1,024 latents in d = 128. */
export async function benchStability(plan: BenchPlan): Promise<BenchResult> {
  const rng = new Rng(3);
  const dicts: Dictionary[] = Array.from({ length: 5 }, () => ({
    n: 1024, d: 128, decoder: randomUnitDictionary(rng, 1024, 128), encoder: randomUnitDictionary(rng, 1024, 128),
  }));
  const timing = await measure(async () => {
    await pairwiseStability(dicts);
  }, plan);
  return { name: 'stability: 3 forms, 5 SAEs × 1,024 latents (d 128, random dictionaries)', timing };
}

/** The 1-seed, 10 %-dead step of `benchSaeStep` once under `tf.profile`: its wall time and each kernel's GPU time. */
export async function profiledSaeStep(backend: string, log: (s: string) => void): Promise<{ wallMs: number; kernels: { name: string; ms: number }[] }> {
  const dIn = 128, n = 1024, batch = 4096, rows = 3 * batch;
  const spec = { ...defaultsOf(saeFields), architecture: 'topk' as const, k: 32, expansion: n / dIn, batchSize: batch, deadWindow: 0.25, seeds: [42] };
  const rng = new Rng(7);
  const trainer = new SaeTrainer(spec, { data: rng.normals(rows * dIn), rows, cols: dIn }, {
    ...defaultSeedGrouping(backend),
    editInit: plantDead(Math.round(0.1 * n), dIn),
  });
  // Where a step's wall time goes: enqueueing (host) against waiting (GPU and the read back), step by step.
  for (let i = 0; i < 8; i++) {
    const a = performance.now();
    trainer.step();
    const b = performance.now();
    await trainer.settled();
    log(`step ${i}: enqueue ${(b - a).toFixed(1)} ms, settle ${(performance.now() - b).toFixed(1)} ms`);
  }
  for (let i = 0; i < 3; i++) {
    const a = performance.now();
    const one = tf.tidy(() => tf.scalar(i).add(1));
    await one.data();
    one.dispose();
    log(`read back of one number: ${(performance.now() - a).toFixed(2)} ms`);
  }
  const t0 = performance.now();
  const info = await tf.profile(async () => {
    trainer.step();
    await trainer.settled();
  });
  const wallMs = performance.now() - t0;
  const kernels = await Promise.all(info.kernels.map(async (k) => ({ name: k.name, ms: Number(await k.kernelTimeMs) || 0 })));
  trainer.dispose();
  return { wallMs, kernels };
}
