/**
 * `npm run experiment -- --preset NAME | --spec FILE.json --out DIR [--steps N] [--seed N] [--backend wasm|cpu] [--resume]`
 * Runs the same core as the app, in Node, and writes DIR/report.json plus the weights (docs/cli.md).
 */
import { CliError, USAGE, parseArgs, runCli } from './args.ts';
import { startNodeBackend } from './nodeBackend.ts';
import { runPipeline } from './pipeline.ts';
import type { ExperimentReport } from '../src/core/report.ts';

function fourierLine(r: ExperimentReport): string {
  const f = r.fourier;
  const harmonics = f.harmonicsExcluded.length > 0
    ? ` (left out as harmonics: ${f.harmonicsExcluded.map((h) => `${h.frequency} (${h.order}×${h.of})`).join(', ')})` : '';
  const neurons = f.neuronCheck ? `Fourier: ${f.neuronCheck.note}\n` : '';
  return (f.keyFrequencies.length > 0
    ? `Fourier: key frequencies k = ${f.keyFrequencies.join(', ')} hold ${(100 * f.keyFrequencyFraction).toFixed(1)}% of ||W_E||²${harmonics}\n`
    : 'Fourier: no key frequencies (the embedding is not sparse in the Fourier basis)\n') + neurons;
}

function stabilityLine(r: ExperimentReport): string {
  const s = r.stability;
  if (!s) return '';
  const f = (x: { mean: number; std: number }) => `${x.mean.toFixed(3)} ± ${x.std.toFixed(3)}`;
  return (
    `stability (d=${s.randomBaseline.d}, n=${s.randomBaseline.n}): PWMCC max-cosine ${f(s.pwmccMax)} (random ${f(s.randomBaseline.pwmccMax)}, untrained ${f(s.initial.pwmccMax)}); ` +
    `one-to-one ${f(s.pwmccOneToOne)} (random ${f(s.randomBaseline.pwmccOneToOne)}); shared fraction ${f(s.sharedFraction)}\n` +
    `verdict (against the strongest null, ${s.verdict.against}): ${s.verdict.sentence}\n`
  );
}

function transformerSummary(r: ExperimentReport, backend: string): string {
  const t = r.transformer;
  if (t.allPairs) {
    const { acc, loss, pairs } = t.allPairs;
    const notes = t.loadNotes?.length ? `\n  ${t.loadNotes.join('\n  ')}` : '';
    return `transformer: loaded from ${t.loadedFrom} (no training block, split unknown); on all ${pairs} pairs: accuracy ${acc.toFixed(4)}, loss ${loss.toExponential(2)}${notes}\n`;
  }
  const testAcc = t.final!.testAcc.toFixed(4);
  if (t.loadedFrom) return `transformer: loaded from ${t.loadedFrom}; test acc ${testAcc}\n`;
  return `transformer: ${t.resumedFrom !== undefined ? `resumed at step ${t.resumedFrom}, ` : ''}${t.steps} steps in ${t.wallSeconds.toFixed(1)} s (${t.msPerStep.toFixed(1)} ms/step, ${backend}); ` +
    `test acc ${testAcc}; ${t.stepsToGrok === null ? 'did not grok' : `grokked at step ${t.stepsToGrok} (${t.secondsToGrok!.toFixed(0)} s)`}\n`;
}

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
  // The block is part of the spec so one file serves both commands; this one trains plain SAEs only.
  if (options.spec.stabilise) process.stderr.write('note: the spec\'s stabilise block is ignored here; npm run stabilise -- --spec FILE trains its methods\n');
  let report: ExperimentReport;
  try {
    report = await runPipeline({ ...options, backend, backendNote: note });
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    process.stderr.write(`error: ${e.message}\n`); // e.g. a checkpoint that does not fit: nothing was trained
    return 2;
  }
  const transformerLine = transformerSummary(report, backend);
  process.stdout.write(
    transformerLine +
      (report.saes ?? []).map((s) => `SAE ${s.name}: FVU ${s.fvu.toFixed(4)}, L0 ${s.l0.toFixed(1)}, dead ${(100 * s.deadFraction).toFixed(1)}%\n`).join('') +
      fourierLine(report) +
      stabilityLine(report) +
      `wrote ${options.outDir}/report.json\n`,
  );
  return 0;
}

runCli(main);
