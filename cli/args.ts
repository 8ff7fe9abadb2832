/** Command-line flags of `npm run experiment`, validated into a spec plus run options. Bad input throws CliError. */
import { readFileSync } from 'node:fs';
import { type ExperimentSpec, presetNames, presetSpec, validateSpec } from '../src/core/spec/experiment.ts';
import { SpecError } from '../src/core/spec/fields.ts';
import type { NodeBackend } from './nodeBackend.ts';

export class CliError extends Error {}

/** Runs a command's `main` and exits with its status; an unexpected error prints its stack and exits with 1. */
export function runCli(main: (argv: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`error: ${(e as Error).stack ?? e}\n`);
      process.exit(1);
    },
  );
}

export interface CliOptions {
  spec: ExperimentSpec;
  outDir: string;
  backend: NodeBackend | 'auto';
  quiet: boolean;
  transformerDir?: string;
  /** Continue the transformer from OUT/transformer/checkpoint.saelab. */
  resume: boolean;
  /** Seconds between checkpoints while the transformer trains (0: only at the end). */
  checkpointEvery: number;
  /** Steps between float16 weight snapshots in OUT/transformer/snapshots/ (0: none). */
  snapshotEvery: number;
}

export const DEFAULT_CHECKPOINT_SECONDS = 300;

export const USAGE = `usage: npm run experiment -- (--preset NAME | --spec FILE.json) --out DIR [options]

  --preset NAME     start from a preset: ${presetNames.join(', ')}
  --spec FILE       an experiment spec (the same JSON the app uses and share links carry)
  --out DIR         where report.json and the weights are written
  --transformer DIR use the transformer in DIR instead of training: an earlier run's transformer/ folder, or any
                    TransformerLens model the lab computes exactly (config.json + one .safetensors file; docs/cli.md)
  --steps N         override transformer.steps
  --seed N          override transformer.seed
  --resume          continue the transformer from DIR/transformer/checkpoint.saelab (same spec; --steps may grow)
  --checkpoint-every S  seconds between transformer checkpoints (default ${DEFAULT_CHECKPOINT_SECONDS}; 0 = only at the end)
  --snapshot-every N  also write the weights every N steps (a multiple of evalEvery) as float16 safetensors in
                    DIR/transformer/snapshots/, to replay the run (default 0: none)
  --backend NAME    wasm (default; falls back to cpu) or cpu
  --quiet           no progress bar
  --help            this text`;

const VALUE_FLAGS = new Set(['--preset', '--spec', '--out', '--steps', '--seed', '--backend', '--transformer', '--checkpoint-every', '--snapshot-every']);

function parseInteger(flag: string, v: string): number {
  if (!/^-?\d+$/.test(v)) throw new CliError(`${flag} must be an integer; got "${v}"`);
  return Number(v);
}

export function parseArgs(argv: string[]): CliOptions | 'help' {
  const flags = new Map<string, string>();
  let quiet = false;
  let resume = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return 'help';
    if (a === '--quiet') { quiet = true; continue; }
    if (a === '--resume') { resume = true; continue; }
    if (!VALUE_FLAGS.has(a)) throw new CliError(`unknown argument "${a}"`);
    const v = argv[++i];
    if (v === undefined || v.startsWith('--')) throw new CliError(`${a} needs a value`);
    if (flags.has(a)) throw new CliError(`${a} given twice`);
    flags.set(a, v);
  }
  const preset = flags.get('--preset');
  const specFile = flags.get('--spec');
  if ((preset === undefined) === (specFile === undefined)) throw new CliError('give exactly one of --preset or --spec');
  const outDir = flags.get('--out');
  if (!outDir) throw new CliError('--out DIR is required');

  let raw: unknown;
  try {
    if (preset !== undefined) raw = presetSpec(preset);
    else {
      let text: string;
      try { text = readFileSync(specFile!, 'utf8'); } catch (e) { throw new CliError(`cannot read ${specFile}: ${(e as Error).message}`); }
      try { raw = JSON.parse(text); } catch (e) { throw new CliError(`${specFile} is not valid JSON: ${(e as Error).message}`); }
    }
    const r = raw as { transformer?: Record<string, unknown> };
    if (typeof r === 'object' && r !== null && (flags.has('--steps') || flags.has('--seed'))) {
      r.transformer = { ...(r.transformer ?? {}) };
      if (flags.has('--steps')) r.transformer.steps = parseInteger('--steps', flags.get('--steps')!);
      if (flags.has('--seed')) r.transformer.seed = parseInteger('--seed', flags.get('--seed')!);
    }
    const backend = flags.get('--backend') ?? 'auto';
    if (!['auto', 'wasm', 'cpu'].includes(backend)) throw new CliError(`--backend must be wasm or cpu; got "${backend}"`);
    const transformerDir = flags.get('--transformer');
    if (resume && transformerDir !== undefined) throw new CliError('--resume continues training a transformer; --transformer loads one without training: give one of them');
    const checkpointEvery = flags.has('--checkpoint-every') ? parseInteger('--checkpoint-every', flags.get('--checkpoint-every')!) : DEFAULT_CHECKPOINT_SECONDS;
    if (checkpointEvery < 0 || checkpointEvery > 86_400) throw new CliError(`--checkpoint-every must be between 0 and 86400 seconds; got ${checkpointEvery}`);
    const spec = validateSpec(raw);
    const snapshotEvery = flags.has('--snapshot-every') ? parseInteger('--snapshot-every', flags.get('--snapshot-every')!) : 0;
    if (snapshotEvery < 0 || snapshotEvery % spec.transformer.evalEvery !== 0) {
      throw new CliError(`--snapshot-every must be 0 or a multiple of transformer.evalEvery (${spec.transformer.evalEvery}); got ${snapshotEvery}`);
    }
    if (snapshotEvery > 0 && transformerDir !== undefined) throw new CliError('--snapshot-every records training; --transformer loads a model without training');
    return { spec, outDir, backend: backend as CliOptions['backend'], quiet, transformerDir, resume, checkpointEvery, snapshotEvery };
  } catch (e) {
    if (e instanceof SpecError) throw new CliError(`invalid spec: ${e.message}`);
    throw e;
  }
}
