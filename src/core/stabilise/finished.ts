import type { NullName } from '../analysis/nullNames.ts';
import type { NullLevel } from '../analysis/nullVerdict.ts';
import { type Arm, compareArms } from './controls.ts';
import type { ComparisonResult } from './comparison.ts';
import type { StabiliserSpec } from './spec.ts';

/**
 * The arms of a comparison that finished training, kept as plain data (dictionaries as Float32Arrays, no tensors):
 * a stopped run still shows them, the notebook stores them (one stored "metric" per arm), and a run that continues
 * skips them. An arm is the unit that is kept: the arm in progress when a run stops is trained again from its start.
 */
export interface FinishedArm {
  label: string;
  stab: StabiliserSpec;
  /** Its seeds' outcomes (dictionaries and price) and, for methods with one, its references' dictionaries. */
  arm: Arm;
  /** Training steps of the comparison done when this arm finished (a stored run's metric step). */
  step: number;
}

/** Whether a kept arm is the planned arm `label` with these knobs (a continued run skips only such arms). */
export const isSameArm = (f: Pick<FinishedArm, 'label' | 'stab'>, label: string, stab: StabiliserSpec): boolean =>
  f.label === label && JSON.stringify(f.stab) === JSON.stringify(stab);

/** The plain SAEs' dictionaries (the rotation null's), else the first arm's: the nulls of a partial comparison. */
export function nullDictionaries(finished: FinishedArm[]): Arm['seeds'][number]['dictionary'][] {
  const plain = finished.find((f) => f.stab.method === 'plain' && f.stab.init === 'own') ?? finished[0];
  return plain ? plain.arm.seeds.map((s) => s.dictionary) : [];
}

/** What a comparison run records beyond the table: which planned arms it has not trained (a stopped run). */
export interface PartialResult extends ComparisonResult {
  /** Planned arms that were not trained, in plan order; empty when every arm finished. */
  missing: string[];
}

/** The comparison of the finished arms (in plan order) against the nulls, and the planned arms still missing. */
export function comparisonOf(finished: FinishedArm[], planned: string[], nulls: Partial<Record<NullName, NullLevel>>): PartialResult {
  const ordered = planned.map((label) => finished.find((f) => f.label === label)).filter((f): f is FinishedArm => f !== undefined);
  const missing = planned.filter((label) => !finished.some((f) => f.label === label));
  if (ordered.length === 0) return { rows: [], answer: 'Stopped before the first arm finished: nothing to compare.', arms: [], nulls, missing };
  const table = compareArms(ordered.map((f) => f.arm), nulls);
  const answer = missing.length ? `Stopped with ${missing.length} of ${planned.length} arms untrained (${missing.join(', ')}): ${table.answer}` : table.answer;
  return { ...table, answer, arms: ordered.map(({ label, stab }) => ({ label, stab })), nulls, missing };
}
