/**
 * Two stored comparison runs (issue 14) arm by arm: each arm's held-out stability, its excess over the strongest null,
 * its gain over the row it must beat and its reconstruction, in A and in B, joined by the arm's label. Arms that only
 * one run trained (another method list, or a stopped run) show '—' on the other side.
 */
import type { Comparison, ComparisonRow } from '../../core/stabilise/controls.ts';

export interface ArmSide {
  pwmccMax: number;
  excess: number | null;
  /** Gain in PWMCC max over the row it must beat, with that row's label; null for baselines and controls. */
  gain: { value: number; over: string; credited: boolean } | null;
  fvu: number;
}

export interface ArmDiffRow {
  label: string;
  role: ComparisonRow['role'];
  a: ArmSide | null;
  b: ArmSide | null;
  /** B's PWMCC max − A's, when both runs have the arm. */
  delta: number | null;
}

const sideOf = (r: ComparisonRow): ArmSide => ({
  pwmccMax: r.pwmccMax.mean,
  excess: r.excess.pwmccMax,
  gain: r.gain && { value: r.gain.pwmccMax, over: r.gain.over, credited: r.gain.credited },
  fvu: r.price.fvu.mean,
});

/** A's arms in A's order, then the arms only B has. */
export function armDiff(a: Pick<Comparison, 'rows'>, b: Pick<Comparison, 'rows'>): ArmDiffRow[] {
  const inB = new Map(b.rows.map((r) => [r.label, r]));
  const labels = [...a.rows.map((r) => r.label), ...b.rows.filter((r) => !a.rows.some((x) => x.label === r.label)).map((r) => r.label)];
  return labels.map((label) => {
    const ra = a.rows.find((r) => r.label === label);
    const rb = inB.get(label);
    const sa = ra ? sideOf(ra) : null;
    const sb = rb ? sideOf(rb) : null;
    return { label, role: (ra ?? rb)!.role, a: sa, b: sb, delta: sa && sb ? sb.pwmccMax - sa.pwmccMax : null };
  });
}
