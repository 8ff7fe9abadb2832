/** The commands a report names: what reproduces a run, and what would run a question that is missing. */
import type { ExperimentReport } from '../core/report.ts';
import type { ReportRun } from './model.ts';

/** The architectures the plan compares side by side (question 4); runs of other names are shown too. */
export const PLAN_ARCHITECTURES = ['topk', 'relu', 'batchtopk', 'jumprelu'] as const;

export const architectureOf = (r: ExperimentReport): string | null =>
  r.saes?.[0]?.architecture ?? (r.spec.saes as { architecture?: string } | undefined)?.architecture ?? null;

/** `npm run experiment` with the run's spec (saved as `specFile`) and, for a loaded model, the same transformer. */
export function experimentCommand(r: ExperimentReport, specFile: string, out: string): string {
  const model = r.transformer.loadedFrom ? ` --transformer ${r.transformer.loadedFrom}` : '';
  return `npm run experiment -- --spec ${specFile}${model} --out ${out}`;
}

export const reproduceCommand = (run: ReportRun, index: number): string =>
  run.command ?? experimentCommand(run.report, `spec-${index + 1}.json`, run.source);

/** The command that would add architecture `name` beside `like`: its spec with `saes.architecture` changed. */
export const architectureCommand = (like: ExperimentReport | undefined, name: string): string =>
  like
    ? `${experimentCommand(like, `spec-${name}.json`, `runs/${name}`)}   # spec-${name}.json: the spec in Methods with "architecture": "${name}"`
    : `npm run experiment -- --preset fast --out runs/${name}   # with an SAE spec whose "architecture" is "${name}"`;

export const SAE_RUN_COMMAND = 'npm run experiment -- --spec examples/phase1-topk.json --out runs/phase1-topk';
export const SWEEP_COMMAND = 'npm run sweep -- --spec examples/phase3-sweep.json --transformer public/pretrained/transformer --out runs/phase3-sweep, then npm run report -- … --sweep runs/phase3-sweep/results.json';
export const STABILISER_COMMAND = 'npm run stabilise -- --spec examples/phase1-topk.json --transformer public/pretrained/transformer --methods dataInit --out runs/stabilise, then npm run report -- … --stabilisers runs/stabilise/stabilise.json';
