/**
 * The benchmark suite, run the same way by the Node runner (bench/run.ts) and the browser's bench worker: a plain
 * matMul first, then every case, each rate stated against that matMul measured in the same run. No DOM, no Node.
 */
import { type BenchResult, type MemoryCheck, benchMatMul, benchTransformerStep, memoryCheck } from './cases.ts';
import type { BenchPlan } from './measure.ts';
import { benchSaeStep, benchStability } from './saeCases.ts';

export interface SuiteOptions extends BenchPlan {
  /** The tfjs backend that runs (decides how SAE seeds are grouped). */
  backend: string;
  /** Smoke run: the tiny transformer only, few memory steps. */
  quick: boolean;
  /** Training steps of the memory check. */
  memorySteps: number;
}

export interface BenchReport {
  date: string;
  /** Where it ran: `node v20…` or the browser's user agent. */
  runtime: string;
  backend: string;
  repeats: number;
  warmup: number;
  results: BenchResult[];
  memory: MemoryCheck;
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
  for (const preset of o.quick ? ['tiny'] : ['tiny', 'nanda']) done(await benchTransformerStep(preset, plan, mm.gflops!));
  for (const [seeds, deadShare] of [[1, 0], [1, 0.1], [5, 0.1]]) done(await benchSaeStep(seeds, deadShare, o.backend, plan, mm.gflops!));
  done(await benchStability({ repeats: o.quick ? 1 : Math.min(o.repeats, 3), warmup: 1 }));
  const memory = await memoryCheck(o.memorySteps);
  log(`done: memory over ${memory.steps} steps`);
  return { date: new Date().toISOString(), runtime, backend: o.backend, repeats: o.repeats, warmup: o.warmup, results, memory };
}

export const memoryLeaked = (m: MemoryCheck): boolean => m.tensorsAfter !== m.tensorsBefore || m.bytesAfter !== m.bytesBefore;

/** The report as a Markdown table plus the memory line (what `npm run bench` prints). */
export function formatReport(r: BenchReport): string {
  const header = ['case', 'min ms', 'median ms', 'GFLOP/s', 'ratio to matMul', 'note'];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const rows = r.results.map((x) => [
    x.name, x.timing.minMs.toFixed(1), x.timing.medianMs.toFixed(1),
    x.gflops?.toFixed(2) ?? '', x.ratioToMatMul?.toFixed(2) ?? '', x.note ?? '',
  ]);
  const m = r.memory;
  return [
    `Backend: ${r.backend} (${r.runtime}), ${r.date}; ${r.warmup} warm-up + ${r.repeats} timed runs per case`,
    '',
    line(header),
    line(header.map(() => '---')),
    ...rows.map(line),
    '',
    `Memory over ${m.steps} steps: tensors ${m.tensorsBefore} -> ${m.tensorsAfter}, bytes ${m.bytesBefore} -> ${m.bytesAfter}` +
      (memoryLeaked(m) ? '  LEAK' : '  (flat)'),
  ].join('\n');
}
