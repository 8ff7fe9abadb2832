/**
 * Bench case for a sweep's cells trained as one batch (core/sae/cellBatch.ts): 8 TopK cells that differ in lr,
 * 5 seeds each (40 SAEs, 128 → 1,024, k = 32, the spec's batch size) on random activations of the p = 113 model's
 * shape (113² rows × d_model 128), stepped as one trainer; its FLOP rate against the plain matMul of the same run,
 * and one cell alone (5 seeds) beside it.
 */
import { Rng } from '../core/rng.ts';
import { batchSaeSpecs } from '../core/sae/cellBatch.ts';
import { SaeTrainer, type SaeTrainerOptions, defaultSeedGrouping } from '../core/sae/trainer.ts';
import { defaultsOf } from '../core/spec/fields.ts';
import { type SaeSpec, saeFields } from '../core/spec/sae.ts';
import type { BenchResult } from './cases.ts';
import { type BenchPlan, type Timing, measure } from './measure.ts';
import { saeStepFlops } from './saeCases.ts';

const P = 113, D_MODEL = 128, EXPANSION = 8, CELLS = 8, SEEDS = [42, 123, 456, 789, 1011];

/** Steps `trainer` under `plan` (each step waited for), then frees it. */
async function timeSteps(trainer: SaeTrainer, plan: BenchPlan): Promise<Timing> {
  const timing = await measure(async () => {
    trainer.step();
    await trainer.settled();
  }, plan);
  trainer.dispose();
  return timing;
}

/** `steps` timed steps after 2 warm-up steps (a few dozen: the machine is shared). */
export async function benchSweepBatch(backend: string, steps: number, matMulGflops: number): Promise<BenchResult> {
  const rows = P * P;
  const acts = { data: new Rng(11).normals(rows * D_MODEL), rows, cols: D_MODEL }; // [rows, d_model]
  const base: SaeSpec = { ...defaultsOf(saeFields), architecture: 'topk', k: 32, expansion: EXPANSION, seeds: SEEDS };
  const cells = Array.from({ length: CELLS }, (_, i) => ({ ...base, lr: 1e-4 * (i + 1) }));
  const batch = batchSaeSpecs(cells);
  const grouping: SaeTrainerOptions = defaultSeedGrouping(backend);
  const n = EXPANSION * D_MODEL;
  const perUnit = saeStepFlops(base.batchSize, D_MODEL, n);
  const together = await timeSteps(new SaeTrainer(batch.spec, acts, { ...grouping, units: batch.units }), { repeats: steps, warmup: 2 });
  const alone = await timeSteps(new SaeTrainer(cells[0], acts, grouping), { repeats: Math.max(3, Math.round(steps / 4)), warmup: 2 });
  const flops = batch.units.length * perUnit;
  const gflops = flops / together.minMs / 1e6;
  const rate = (t: Timing, units: number) => (units * perUnit) / t.minMs / 1e6 / matMulGflops;
  return {
    name: `sweep batch: ${CELLS} cells × ${SEEDS.length} seeds as one step, TopK k=32, ${D_MODEL}→${n}, batch ${base.batchSize}, ${rows} rows (p = ${P})`,
    timing: together, flops, gflops, ratioToMatMul: gflops / matMulGflops,
    note: `seeds ${grouping.grouping} (${grouping.matMul}); median-step ratio ${((flops / together.medianMs / 1e6) / matMulGflops).toFixed(2)}; one cell alone (${SEEDS.length} seeds): ratio ${rate(alone, SEEDS.length).toFixed(2)}`,
  };
}
