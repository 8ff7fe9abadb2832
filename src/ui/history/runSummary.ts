/** What the history table and the comparison read off a stored run's metric history. */
import type { SaeMetrics } from '../../core/sae/metrics.ts';
import { gridSize } from '../../core/sweep/expand.ts';
import type { RunRecord } from '../../storage/schema.ts';
import { formatAcc, formatLoss } from '../format.ts';

const sweepCells = (run: RunRecord & { kind: 'sweep' }): number => run.summary?.cells ?? (run.info ? gridSize(run.info.sweep) : 0);

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/** Per evaluated step, the mean over seeds of one SAE metric. */
export function saeMeanCurve(metrics: SaeMetrics[], pick: (s: SaeMetrics['seeds'][number]) => number): { x: number[]; y: number[] } {
  return { x: metrics.map((m) => m.step), y: metrics.map((m) => mean(m.seeds.map(pick))) };
}

/** The last evaluation in words: test accuracy and loss, mean FVU and L0 over seeds, or a sweep's cells done. */
export function finalMetrics(run: RunRecord): string {
  if (run.kind === 'sweep') return `${run.metrics.length} of ${sweepCells(run)} cells finished`;
  if (run.kind === 'transformer') {
    const last = run.metrics.at(-1);
    return last ? `test acc ${formatAcc(last.testAcc)} · test loss ${formatLoss(last.testLoss)}` : '—';
  }
  if (run.kind === 'stabilise') return `${run.metrics.length} arm${run.metrics.length === 1 ? '' : 's'} trained${run.summary?.missing.length ? `, ${run.summary.missing.length} missing` : ''}`;
  const last = run.metrics.at(-1);
  if (!last) return '—';
  return `FVU ${mean(last.seeds.map((s) => s.fvu)).toFixed(3)} · L0 ${mean(last.seeds.map((s) => s.l0)).toFixed(1)}`;
}

/** Steps done (the newest evaluation or checkpoint) and steps asked for; a sweep counts cells. */
export function stepsOf(run: RunRecord): { done: number; total: number } {
  if (run.kind === 'sweep') return { done: run.metrics.length, total: sweepCells(run) };
  if (run.kind === 'transformer') {
    const last = run.metrics.at(-1);
    return { done: Math.max(run.step, last?.step ?? 0), total: run.spec.transformer.steps };
  }
  if (run.kind === 'stabilise') return { done: Math.max(run.step, run.metrics.at(-1)?.step ?? 0), total: run.summary?.steps ?? 0 };
  const last = run.metrics.at(-1);
  return { done: Math.max(run.step, last?.step ?? 0), total: last?.totalSteps ?? 0 };
}
