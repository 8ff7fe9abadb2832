/** Benchmark cases for SAE training steps and the stability analysis (shared by the Node and browser runners). */
import type { Dictionary } from '../core/analysis/pairMetrics.ts';
import { randomUnitDictionary } from '../core/analysis/randomBaseline.ts';
import { pairwiseStability } from '../core/analysis/stability.ts';
import { Rng } from '../core/rng.ts';
import { SaeTrainer, defaultSeedGrouping } from '../core/sae/trainer.ts';
import { defaultsOf } from '../core/spec/fields.ts';
import { saeFields } from '../core/spec/sae.ts';
import type { BenchResult } from './cases.ts';
import { measure } from './measure.ts';

/** One step of TopK SAEs (d_in 128, 1,024 latents, k = 32, batch 4,096) for `seeds` seeds, on Gaussian data. */
export async function benchSaeStep(seeds: number, backend: string, repeats: number, matMulGflops: number): Promise<BenchResult> {
  const dIn = 128, batch = 4096, rows = 3 * batch; // whole batches only: a short last batch would time as a fast step
  const spec = { ...defaultsOf(saeFields), architecture: 'topk' as const, k: 32, expansion: 8, batchSize: batch, seeds: Array.from({ length: seeds }, (_, i) => 42 + i) };
  const rng = new Rng(7);
  const trainer = new SaeTrainer(spec, { data: rng.normals(rows * dIn), rows, cols: dIn }, defaultSeedGrouping(backend));
  // wasm and cpu run kernels synchronously, so step() returns when the work is done (Node runner).
  const timing = await measure(() => trainer.step(), repeats);
  trainer.dispose();
  // Encoder and decoder matMuls (2·B·d·n FLOPs each), backward twice the forward.
  const flops = seeds * 3 * 2 * (2 * batch * dIn * 1024);
  const gflops = flops / timing.minMs / 1e6;
  return { name: `SAE step, TopK k=32, 128→1024, batch 4096, ${seeds} seed${seeds > 1 ? 's' : ''}`, timing, flops, gflops, ratioToMatMul: gflops / matMulGflops };
}

/** All three stability forms (max-cosine, one-to-one, shared fraction) for 5 SAEs × 1,024 latents in d = 128. */
export async function benchStability(repeats: number): Promise<BenchResult> {
  const rng = new Rng(3);
  const dicts: Dictionary[] = Array.from({ length: 5 }, () => ({
    n: 1024, d: 128, decoder: randomUnitDictionary(rng, 1024, 128), encoder: randomUnitDictionary(rng, 1024, 128),
  }));
  const timing = await measure(async () => {
    await pairwiseStability(dicts);
  }, repeats, 1);
  return { name: 'stability: 3 forms, 5 SAEs × 1,024 latents (d 128, random dictionaries)', timing };
}
