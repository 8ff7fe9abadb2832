/**
 * `npm run stabilise -- (--preset NAME | --spec FILE.json) --out DIR [--transformer DIR] [--backend wasm|cpu]
 *   [--methods consistency,twoStage,…]`
 * `npm run stabilise -- --merge DIR_OR_FILE,DIR_OR_FILE,… --out DIR`
 * Trains (or loads) the transformer, then plain SAEs, each stabiliser and every control with the same seeds, and
 * writes DIR/stabilise.json and DIR/stabilise.md (the comparison table; docs/stabilisers.md). The spec's optional
 * `stabilise: { methods: [...] }` block lists the methods and their knobs; --methods lists them with default knobs.
 * --merge joins comparisons of the same experiment run as separate processes or cluster jobs (merge.ts).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTransformerModel } from '../src/core/experiment/analyze.ts';
import { collectActivations } from '../src/core/sae/activations.ts';
import { SpecError } from '../src/core/spec/fields.ts';
import { presetSpec, validateSpec } from '../src/core/spec/experiment.ts';
import { saeHookName } from '../src/core/spec/sae.ts';
import { comparisonMarkdown, runComparison, validateStabiliseBlock } from '../src/core/stabilise/comparison.ts';
import { MergeError, mergeComparisons } from '../src/core/stabilise/merge.ts';
import { type StabiliseRecord, unrunnable } from '../src/core/stabilise/record.ts';
import { mutualFits, stabiliserDefaults, stabiliserNames } from '../src/core/stabilise/spec.ts';
import { CliError } from './args.ts';
import { type NodeBackend, startNodeBackend } from './nodeBackend.ts';
import { ProgressBar } from './progress.ts';
import { loadTransformerStage, readTransformerDir, trainTransformerStage } from './stages/transformer.ts';

const USAGE = `usage: npm run stabilise -- (--preset NAME | --spec FILE.json) --out DIR [--transformer DIR] [--backend wasm|cpu] [--methods a,b,…]
       npm run stabilise -- --merge DIR_OR_FILE,DIR_OR_FILE,… --out DIR
  methods: ${stabiliserNames.filter((n) => n !== 'plain').join(', ')}`;

/** Every method with its default knobs; mutual only where the seeds form at least two groups of its default size. */
function defaultMethods(seeds: number): { method: string }[] {
  const groupSize = stabiliserDefaults().groupSize;
  const fits = mutualFits(groupSize, seeds);
  if (!fits) process.stderr.write(`mutual left out: ${seeds} seeds do not form two or more groups of ${groupSize}\n`);
  return stabiliserNames.filter((n) => n !== 'plain' && (n !== 'mutual' || fits)).map((method) => ({ method }));
}

function parse(argv: string[]) {
  const flags = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    if (argv[i] === '--help' || argv[i] === '-h') return 'help' as const;
    if (!['--preset', '--spec', '--out', '--transformer', '--backend', '--methods', '--merge'].includes(argv[i])) throw new CliError(`unknown argument "${argv[i]}"`);
    if (argv[i + 1] === undefined || argv[i + 1].startsWith('--')) throw new CliError(`${argv[i]} needs a value`);
    flags.set(argv[i], argv[i + 1]);
  }
  const [preset, file, outDir] = [flags.get('--preset'), flags.get('--spec'), flags.get('--out')];
  const merge = flags.get('--merge');
  if (merge !== undefined) {
    if (flags.size !== 2 || !outDir) throw new CliError('--merge takes only --out DIR');
    return { kind: 'merge' as const, files: merge.split(',').filter(Boolean), outDir };
  }
  if ((preset === undefined) === (file === undefined)) throw new CliError('give exactly one of --preset or --spec');
  if (!outDir) throw new CliError('--out DIR is required');
  const backend = flags.get('--backend') ?? 'auto';
  if (!['auto', 'wasm', 'cpu'].includes(backend)) throw new CliError(`--backend must be wasm or cpu; got "${backend}"`);
  let raw: Record<string, unknown>;
  try {
    raw = preset !== undefined ? { ...presetSpec(preset) } : JSON.parse(readFileSync(file!, 'utf8'));
  } catch (e) {
    throw new CliError(e instanceof SpecError ? e.message : `cannot read ${file}: ${(e as Error).message}`);
  }
  const { stabilise, ...experiment } = raw;
  try {
    const spec = validateSpec(experiment);
    if (!spec.saes) throw new CliError('the spec has no saes block: there is nothing to stabilise');
    const listed = flags.get('--methods')?.split(',').map((method) => ({ method }));
    if (listed && stabilise !== undefined) throw new CliError('give the methods in the spec\'s stabilise block or with --methods, not both');
    const methods = listed ?? (stabilise === undefined ? defaultMethods(spec.saes.seeds.length) : undefined);
    const block = validateStabiliseBlock(methods ? { methods } : stabilise, spec.saes.seeds);
    return { spec, saes: spec.saes, block, outDir, backend: backend as NodeBackend | 'auto', transformerDir: flags.get('--transformer') };
  } catch (e) {
    if (e instanceof SpecError) throw new CliError(`invalid spec: ${e.message}`);
    throw e;
  }
}

async function main(argv: string[]): Promise<number> {
  const o = parse(argv);
  if (o === 'help') {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  if ('files' in o && o.kind === 'merge') return mergeFiles(o.files, o.outDir);
  const { backend } = await startNodeBackend(o.backend);
  const ctx = { outDir: o.outDir, backend, quiet: false };
  mkdirSync(o.outDir, { recursive: true });
  const { trainer } = o.transformerDir
    ? await loadTransformerStage(readTransformerDir(o.transformerDir, o.spec.transformer), o.transformerDir, ctx)
    : await trainTransformerStage(o.spec.transformer, ctx);
  const fourierReport = await analyzeTransformerModel(trainer.model);
  const acts = collectActivations(trainer.model, saeHookName(o.saes), o.saes.position);
  const [rows, cols] = acts.shape;
  const activations = { data: (await acts.data()) as Float32Array, rows, cols };
  acts.dispose();
  trainer.dispose();
  const p = o.spec.transformer.p;
  const keyFrequencies = fourierReport.keyFrequencies;
  if (keyFrequencies.length === 0) process.stderr.write('no key frequencies: the Fourier share is 0 and fourierInit cannot run\n');
  const { block } = unrunnable(o.block, keyFrequencies);
  // Every SAE step of the comparison (arms, references, controls) on one bar: a long run's log says where it is.
  let bar = null as ProgressBar | null; // set by onPlan
  let step = 0;
  let arm = '';
  const result = await runComparison({
    sae: o.saes, acts: activations, block, fourier: { p, keyFrequencies },
    onPlan: (plan) => {
      bar = new ProgressBar('stabilise', plan.steps);
      step = plan.done;
    },
    onArm: (label) => {
      arm = label;
      const line = `training ${label} (${o.saes.seeds.length} seeds)...`;
      process.stderr.write(process.stderr.isTTY ? `\r${line.padEnd(120)}\n` : `${line}\n`); // over the bar on a terminal
    },
    onStep: async () => bar?.update(++step, arm),
  });
  bar?.finish();
  write(o.outDir, { spec: { ...o.spec, stabilise: block }, backend, keyFrequencies, ...result });
  return 0;
}

function readRecord(path: string): StabiliseRecord {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'stabilise.json') : path;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StabiliseRecord;
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
  }
}

function write(outDir: string, record: StabiliseRecord): void {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'stabilise.json'), JSON.stringify(record, null, 2) + '\n');
  writeFileSync(join(outDir, 'stabilise.md'), comparisonMarkdown(record));
  process.stdout.write(`${record.answer}\nwrote ${outDir}/stabilise.json and stabilise.md\n`);
}

function mergeFiles(paths: string[], outDir: string): number {
  try {
    write(outDir, mergeComparisons(paths.map(readRecord)));
  } catch (e) {
    if (e instanceof MergeError) throw new CliError(e.message);
    throw e;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(e instanceof CliError ? `error: ${e.message}\n\n${USAGE}\n` : `${(e as Error).stack ?? e}\n`);
    process.exit(e instanceof CliError ? 2 : 1);
  },
);
