import type { ComparisonRow } from './controls.ts';
import { comparisonAnswer } from './controls.ts';
import type { StabiliseRecord } from './record.ts';

/**
 * Several comparison runs on the same experiment as one table: the methods split over processes or cluster jobs
 * (`npm run stabilise -- --merge A,B --out C`). Each run trains its own plain baseline and controls; training is
 * deterministic, so an arm two runs share must be identical, and the merge refuses files where it is not (different
 * code, backend or activations). The answer is recomputed from the merged rows.
 */

export class MergeError extends Error {}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The experiment without its methods: what every merged run must share. */
const experimentOf = (r: StabiliseRecord) => ({ transformer: r.spec.transformer, saes: r.spec.saes, backend: r.backend, keyFrequencies: r.keyFrequencies, step: r.transformerStep });

function unionBy<T>(lists: T[][], key: (t: T) => string, what: string): T[] {
  const seen = new Map<string, T>();
  for (const item of lists.flat()) {
    const k = key(item);
    const earlier = seen.get(k);
    if (earlier === undefined) seen.set(k, item);
    else if (!same(earlier, item)) throw new MergeError(`${what} "${k}" differs between the files: they were not made by the same code, backend and activations`);
  }
  return [...seen.values()];
}

export function mergeComparisons(records: StabiliseRecord[]): StabiliseRecord {
  if (records.length < 2) throw new MergeError('give at least two comparison files to merge');
  const [first] = records;
  for (const r of records.slice(1)) {
    if (!same(experimentOf(r), experimentOf(first))) throw new MergeError('the files compare different experiments (transformer, SAE spec, seeds, backend or key frequencies differ)');
    if (!same(r.nulls, first.nulls)) throw new MergeError('the files measured different nulls, so their activations differ');
  }
  const rows: ComparisonRow[] = unionBy(records.map((r) => r.rows), (row) => row.label, 'the row');
  const arms = unionBy(records.map((r) => r.arms), (arm) => arm.label, 'the arm');
  const methods = unionBy(records.map((r) => r.spec.stabilise.methods), (m) => JSON.stringify(m), 'the method');
  return { ...first, spec: { ...first.spec, stabilise: { methods } }, rows, arms, answer: comparisonAnswer(rows) };
}
