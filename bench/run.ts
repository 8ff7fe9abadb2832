/**
 * `npm run bench [-- --json] [--backend wasm|cpu] [--repeats N] [--quick]`: the speed benchmarks in Node.
 * Every ratio is measured within this one run (e.g. a transformer step against a plain matMul on the same backend).
 */
import { startNodeBackend } from '../cli/nodeBackend.ts';
import { type BenchResult, benchMatMul, benchTransformerStep, memoryCheck } from '../src/bench/cases.ts';
import { benchSaeStep, benchStability } from '../src/bench/saeCases.ts';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const quick = process.argv.includes('--quick');
  const repeats = Number(flag('--repeats') ?? (quick ? 2 : 5));
  const { backend } = await startNodeBackend((flag('--backend') as 'wasm' | 'cpu' | undefined) ?? 'auto');
  const log = (s: string) => !json && process.stderr.write(s + '\n');
  log(`backend ${backend}, ${repeats} repeats after warm-up`);

  const results: BenchResult[] = [];
  const mm = await benchMatMul(3830, 128, 512, repeats);
  results.push(mm);
  log(`done: ${mm.name}`);
  for (const preset of quick ? ['tiny'] : ['tiny', 'nanda']) {
    results.push(await benchTransformerStep(preset, repeats, mm.gflops!));
    log(`done: transformer ${preset}`);
  }
  for (const seeds of [1, 5]) {
    results.push(await benchSaeStep(seeds, backend, repeats, mm.gflops!));
    log(`done: SAE step, ${seeds} seeds`);
  }
  results.push(await benchStability(quick ? 1 : 3));
  log('done: stability');
  const memory = await memoryCheck(quick ? 20 : 200);

  if (json) {
    process.stdout.write(JSON.stringify({ date: new Date().toISOString(), runtime: `node ${process.version}`, backend, results, memory }, null, 2) + '\n');
    return;
  }
  const rows = results.map((r) => [
    r.name, r.timing.minMs.toFixed(1), r.timing.medianMs.toFixed(1),
    r.gflops?.toFixed(2) ?? '', r.ratioToMatMul?.toFixed(2) ?? '', r.note ?? '',
  ]);
  const header = ['case', 'min ms', 'median ms', 'GFLOP/s', 'ratio to matMul', 'note'];
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  console.log(`Backend: ${backend} (Node ${process.version}), ${new Date().toISOString()}\n`);
  console.log([line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n'));
  const leak = memory.tensorsAfter !== memory.tensorsBefore || memory.bytesAfter !== memory.bytesBefore;
  console.log(`\nMemory over ${memory.steps} steps: tensors ${memory.tensorsBefore} -> ${memory.tensorsAfter}, bytes ${memory.bytesBefore} -> ${memory.bytesAfter}${leak ? '  LEAK' : '  (flat)'}`);
  if (leak) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
