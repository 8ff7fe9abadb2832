/** The benchmark report and its text form; no tfjs, so the benchmark page can format what its worker sends. */
import type { BenchResult, MemoryCheck } from './cases.ts';

export interface BenchReport {
  date: string;
  /** Where it ran: `node v20…` or the browser's user agent. */
  runtime: string;
  backend: string;
  repeats: number;
  warmup: number;
  results: BenchResult[];
  /** Cases left out of this run (slow emulated devices). */
  skipped: string[];
  memory: MemoryCheck;
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
    ...(r.skipped.length ? ['', `Skipped here: ${r.skipped.join('; ')}.`] : []),
    '',
    `Memory over ${m.steps} steps: tensors ${m.tensorsBefore} -> ${m.tensorsAfter}, bytes ${m.bytesBefore} -> ${m.bytesAfter}` +
      (memoryLeaked(m) ? '  LEAK' : '  (flat)'),
  ].join('\n');
}
