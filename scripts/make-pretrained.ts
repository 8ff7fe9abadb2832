/**
 * `npx tsx scripts/make-pretrained.ts [RUN_DIR] [--steps N] [--snapshot-every N]`: makes the pretrained model the app
 * ships in public/pretrained/ with the lab's own CLI. Trains the `fast` p = 113 preset (unless RUN_DIR already holds
 * a finished run), writing float16 snapshots every N steps (default 100) for the replay slider, then copies the
 * report, the spec, the model, its config and the snapshots (never the checkpoint) and checks the 10 MB budget.
 *
 *   npx tsx scripts/make-pretrained.ts runs/pretrained-p113      # ~15 min on an idle 2-core machine
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const MAX_BYTES = 10 * 1024 * 1024;
const OUT = 'public/pretrained';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const run = args[0] && !args[0].startsWith('--') ? args[0] : 'runs/pretrained-p113';
const steps = flag('--steps', '1300');
const every = flag('--snapshot-every', '100');

if (!existsSync(join(run, 'report.json'))) {
  execFileSync('npx', ['tsx', 'cli/experiment.ts', '--preset', 'fast', '--steps', steps, '--snapshot-every', every, '--out', run], { stdio: 'inherit' });
}
const report = JSON.parse(readFileSync(join(run, 'report.json'), 'utf8'));
if (report.transformer.stepsToGrok === null) throw new Error(`${run} did not grok (test accuracy never reached 0.99): not shipping it`);

rmSync(OUT, { recursive: true, force: true });
mkdirSync(join(OUT, 'transformer'), { recursive: true });
copyFileSync(join(run, 'report.json'), join(OUT, 'report.json'));
writeFileSync(join(OUT, 'spec.json'), JSON.stringify(report.spec, null, 2) + '\n');
for (const f of ['model.safetensors', 'config.json']) copyFileSync(join(run, 'transformer', f), join(OUT, 'transformer', f));
const snapshots = join(run, 'transformer', 'snapshots');
if (existsSync(snapshots)) cpSync(snapshots, join(OUT, 'transformer', 'snapshots'), { recursive: true });

const sizeOf = (path: string): number =>
  statSync(path).isDirectory() ? readdirSync(path).reduce((n, f) => n + sizeOf(join(path, f)), 0) : statSync(path).size;
const bytes = sizeOf(OUT);
process.stdout.write(`${OUT}: ${(bytes / 2 ** 20).toFixed(2)} MiB; grokked at step ${report.transformer.stepsToGrok}, final test accuracy ${report.transformer.final.testAcc}\n`);
if (bytes > MAX_BYTES) {
  process.stderr.write(`over the ${MAX_BYTES / 2 ** 20} MiB budget: raise --snapshot-every\n`);
  process.exitCode = 1;
}
