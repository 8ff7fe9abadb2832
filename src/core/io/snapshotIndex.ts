/**
 * A run's weight snapshots (`--snapshot-every`): `snapshots/index.json` lists the steps written, one float16
 * safetensors file per step. The CLI writes them; the page's replay and the report's progress measures read them.
 */
import { SpecError } from '../spec/fields.ts';

export const SNAPSHOT_DIR = 'snapshots';

/** The file of the snapshot of `step`, e.g. `step-000100.safetensors`. */
export const snapshotFile = (step: number): string => `step-${String(step).padStart(6, '0')}.safetensors`;

/** index.json: {"dtype": "F16", "steps": [0, 100, …]}; the steps must be distinct non-negative integers, ascending. */
export function snapshotSteps(index: unknown): number[] {
  const steps = (index as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps) || steps.length === 0) throw new SpecError('snapshots/index.json: "steps" must be a non-empty list');
  steps.forEach((s, i) => {
    if (!Number.isInteger(s) || (s as number) < 0) throw new SpecError(`snapshots/index.json: steps[${i}] must be a non-negative integer`);
    if (i > 0 && (s as number) <= steps[i - 1]) throw new SpecError(`snapshots/index.json: steps must ascend (steps[${i}] = ${s})`);
  });
  return steps as number[];
}
