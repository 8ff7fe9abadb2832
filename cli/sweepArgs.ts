/** Command-line flags of `npm run sweep`, validated into options. Bad input throws CliError before anything runs. */
import { readFileSync } from 'node:fs';
import { SpecError } from '../src/core/spec/fields.ts';
import { type Shard, K8S_COUNT_VARIABLE, parseShard, shardFromEnv } from '../src/core/sweep/shard.ts';
import { CliError } from './args.ts';
import type { NodeBackend } from './nodeBackend.ts';

export type SweepOptions =
  | { kind: 'run'; specFile: string; rawSpec: unknown; outDir: string; shard: Shard | null; shardSource: string; backend: NodeBackend | 'auto'; quiet: boolean; transformerDir?: string }
  | { kind: 'merge'; dir: string; specFile?: string; rawSpec?: unknown; quiet: boolean }
  | { kind: 'plan'; specFile: string; rawSpec: unknown };

export const SWEEP_USAGE = `usage: npm run sweep -- --spec SWEEP.json --out DIR [--transformer DIR] [--shard i/N] [--backend wasm|cpu] [--quiet]
       npm run sweep -- --merge DIR [--spec SWEEP.json]
       npm run sweep -- --spec SWEEP.json --plan

  --spec FILE     a sweep spec (docs/scale.md): a base experiment, axes or a list of settings, seeds, budget
  --out DIR       writes DIR/sweep.json, DIR/transformers/ (each distinct transformer, trained once),
                  DIR/cells/<id>/ (one experiment per cell: report.json, SAEs) and, for an unsharded run,
                  DIR/results.csv and DIR/results.json; cells with a report.json already are skipped
  --transformer DIR  every cell uses this transformer (an earlier run's transformer/ folder, e.g.
                  public/pretrained/transformer) instead of training the base spec's; not with transformer axes
  --shard i/N     run only the cells whose index mod N is i (0 ≤ i < N). Without it the shard comes from a Slurm
                  job array (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT) or a Kubernetes Indexed Job
                  (JOB_COMPLETION_INDEX, with ${K8S_COUNT_VARIABLE} set to the Job's completions); else every cell
  --merge DIR     build DIR/results.csv and DIR/results.json from every finished cell in DIR (after the shards)
  --plan          print the cell count ("cells: N"), the estimate and the cell ids, and run nothing
  --backend NAME  wasm (default; falls back to cpu) or cpu
  --quiet         no progress lines
  --help          this text`;

const VALUE_FLAGS = new Set(['--spec', '--out', '--shard', '--merge', '--backend', '--transformer']);

export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try { text = readFileSync(path, 'utf8'); } catch (e) { throw new CliError(`cannot read ${what} ${path}: ${(e as Error).message}`); }
  try { return JSON.parse(text); } catch (e) { throw new CliError(`${path} is not valid JSON: ${(e as Error).message}`); }
}

export function parseSweepArgs(argv: string[], env: Record<string, string | undefined>): SweepOptions | 'help' {
  const flags = new Map<string, string>();
  let quiet = false;
  let plan = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') return 'help';
    if (a === '--quiet') { quiet = true; continue; }
    if (a === '--plan') { plan = true; continue; }
    if (!VALUE_FLAGS.has(a)) throw new CliError(`unknown argument "${a}"`);
    const v = argv[++i];
    if (v === undefined || v.startsWith('--')) throw new CliError(`${a} needs a value`);
    if (flags.has(a)) throw new CliError(`${a} given twice`);
    flags.set(a, v);
  }
  const specFile = flags.get('--spec');
  const merge = flags.get('--merge');
  if (merge !== undefined) {
    for (const f of ['--out', '--shard', '--backend', '--transformer']) if (flags.has(f)) throw new CliError(`--merge only reads finished cells: ${f} does not apply`);
    return { kind: 'merge', dir: merge, specFile, rawSpec: specFile ? readJsonFile(specFile, 'sweep spec') : undefined, quiet };
  }
  if (specFile === undefined) throw new CliError('--spec SWEEP.json is required (or --merge DIR)');
  if (plan) return { kind: 'plan', specFile, rawSpec: readJsonFile(specFile, 'sweep spec') };
  const outDir = flags.get('--out');
  if (!outDir) throw new CliError('--out DIR is required');
  const backend = flags.get('--backend') ?? 'auto';
  if (!['auto', 'wasm', 'cpu'].includes(backend)) throw new CliError(`--backend must be wasm or cpu; got "${backend}"`);
  let shard: Shard | null;
  let shardSource: string;
  try {
    const flag = flags.get('--shard');
    shard = flag !== undefined ? parseShard(flag) : shardFromEnv(env);
    shardSource = flag !== undefined ? '--shard' : shard === null ? 'none' : env.SLURM_ARRAY_TASK_ID !== undefined ? 'Slurm job array' : 'Kubernetes Indexed Job';
  } catch (e) {
    if (e instanceof SpecError) throw new CliError(e.message);
    throw e;
  }
  const transformerDir = flags.get('--transformer');
  return { kind: 'run', specFile, rawSpec: readJsonFile(specFile, 'sweep spec'), outDir, shard, shardSource, backend: backend as NodeBackend | 'auto', quiet, ...(transformerDir ? { transformerDir } : {}) };
}
