/**
 * `npm run bench [-- --json] [--backend wasm|cpu] [--repeats N] [--quick] [--only transformer,sae,sweep,stability]`: the
 * speed benchmarks in Node.
 * Every ratio is measured within this one run (e.g. a transformer step against a plain matMul on the same backend).
 * The browser variant of the same suite: bench/browser.ts (`npm run bench:browser`).
 */
import { startNodeBackend } from '../cli/nodeBackend.ts';
import { formatReport, memoryLeaked } from '../src/bench/report.ts';
import { parseCaseKinds, runSuite } from '../src/bench/suite.ts';

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const json = process.argv.includes('--json');
  const quick = process.argv.includes('--quick');
  const repeats = Number(flag('--repeats') ?? (quick ? 2 : 5));
  const only = parseCaseKinds(flag('--only'));
  const { backend } = await startNodeBackend((flag('--backend') as 'wasm' | 'cpu' | undefined) ?? 'auto');
  const log = (s: string) => !json && process.stderr.write(s + '\n');
  log(`backend ${backend}, ${repeats} repeats after warm-up`);
  const report = await runSuite({ backend, repeats, warmup: 2, quick, skipSlow: false, memorySteps: quick ? 20 : 200, only }, `node ${process.version}`, log);
  process.stdout.write((json ? JSON.stringify(report, null, 2) : formatReport(report)) + '\n');
  if (memoryLeaked(report.memory)) process.exitCode = 1;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
