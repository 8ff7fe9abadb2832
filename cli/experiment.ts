/**
 * `npm run experiment -- --preset NAME | --spec FILE.json --out DIR [--steps N] [--seed N] [--backend wasm|cpu]`
 * Runs the same core as the app, in Node, and writes DIR/report.json plus the weights (docs/cli.md).
 */
import { CliError, USAGE, parseArgs } from './args.ts';
import { startNodeBackend } from './nodeBackend.ts';
import { runPipeline } from './pipeline.ts';

async function main(argv: string[]): Promise<number> {
  let options;
  try {
    options = parseArgs(argv);
  } catch (e) {
    if (e instanceof CliError) {
      process.stderr.write(`error: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (options === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const { backend, note } = await startNodeBackend(options.backend);
  if (!options.quiet) process.stderr.write(`backend: ${backend}${note ? ` (${note})` : ''}\n`);
  const report = await runPipeline({ ...options, backend, backendNote: note });
  const t = report.transformer;
  process.stdout.write(
    `transformer: ${t.steps} steps in ${t.wallSeconds.toFixed(1)} s (${t.msPerStep.toFixed(1)} ms/step, ${backend}); ` +
      `test acc ${t.final.testAcc.toFixed(4)}; ${t.stepsToGrok === null ? 'did not grok' : `grokked at step ${t.stepsToGrok}`}\n` +
      (report.saes ?? []).map((s) => `SAE ${s.name}: FVU ${s.fvu.toFixed(4)}, L0 ${s.l0.toFixed(1)}, dead ${(100 * s.deadFraction).toFixed(1)}%\n`).join('') +
      `wrote ${options.outDir}/report.json\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`error: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
