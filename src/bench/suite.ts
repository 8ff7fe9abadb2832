/**
 * The benchmark suite, run the same way by the Node runner (bench/run.ts) and the browser's bench worker: a plain
 * matMul first, then every case, each rate stated against that matMul measured in the same run. No DOM, no Node.
 */
import type { BenchReport } from './report.ts';
import { type BenchResult, benchMatMul, benchTransformerStep, memoryCheck } from './cases.ts';
import type { BenchPlan } from './measure.ts';
import { benchSaeStep, benchStability } from './saeCases.ts';
import { benchSweepBatch } from './sweepCase.ts';

export interface SuiteOptions extends BenchPlan {
  /** The tfjs backend that runs (decides how SAE seeds are grouped). */
  backend: string;
  /** Smoke run: the tiny transformer only, few memory steps. */
  quick: boolean;
  /** For emulated devices (WebGPU on SwiftShader, where one SAE step takes a minute): skip the nanda step and all
   * SAE cases but one seed with dead latents. */
  skipSlow: boolean;
  /** Training steps of the memory check. */
  memorySteps: number;
  /** Case kinds to run (the matMul reference and the memory check always run); all when absent or empty. */
  only?: CaseKind[];
}

export const CASE_KINDS = ['transformer', 'sae', 'sweep', 'stability'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** `--only transformer,sae` as given on a command line or in bench.html's query: the kinds, or an error. */
export function parseCaseKinds(text: string | null | undefined): CaseKind[] {
  if (!text) return [];
  const kinds = text.split(',').map((k) => k.trim());
  const bad = kinds.filter((k) => !(CASE_KINDS as readonly string[]).includes(k));
  if (bad.length > 0) throw new Error(`unknown case kind ${bad.join(', ')}: use ${CASE_KINDS.join(', ')}`);
  return kinds as CaseKind[];
}

export async function runSuite(o: SuiteOptions, runtime: string, log: (line: string) => void): Promise<BenchReport> {
  const plan: BenchPlan = { repeats: o.repeats, warmup: o.warmup };
  const results: BenchResult[] = [];
  const done = (r: BenchResult) => {
    results.push(r);
    log(`done: ${r.name} (${r.timing.minMs.toFixed(1)} ms)`);
  };
  const mm = await benchMatMul(3830, 128, 512, plan);
  done(mm);
  const skipped: string[] = [];
  const runs = (kind: CaseKind) => !o.only?.length || o.only.includes(kind);
  if (runs('transformer')) for (const preset of o.quick || o.skipSlow ? ['tiny'] : ['tiny', 'nanda']) done(await benchTransformerStep(preset, plan, mm.gflops!));
  if (o.skipSlow && !o.quick && runs('transformer')) skipped.push('transformer step, nanda');
  if (runs('sae')) for (const [seeds, deadShare] of [[1, 0], [1, 0.1], [5, 0.1]]) {
    if (o.skipSlow && !(seeds === 1 && deadShare > 0)) skipped.push(`SAE step, ${seeds} seed(s), ${deadShare * 100} % dead`);
    else done(await benchSaeStep(seeds, deadShare, o.backend, plan, mm.gflops!));
  }
  // 8 cells × 5 seeds trained as one batch (core/sae/cellBatch.ts): a few dozen steps, the machine is shared.
  if (runs('sweep') && !o.skipSlow) done(await benchSweepBatch(o.backend, o.quick ? 3 : 24, mm.gflops!));
  else if (runs('sweep')) skipped.push('sweep batch, 8 cells × 5 seeds');
  if (runs('stability')) done(await benchStability({ repeats: o.quick ? 1 : Math.min(o.repeats, 3), warmup: 1 }));
  const memory = await memoryCheck(o.memorySteps);
  log(`done: memory over ${memory.steps} steps`);
  return { date: new Date().toISOString(), runtime, backend: o.backend, repeats: o.repeats, warmup: o.warmup, results, skipped, memory };
}
