/**
 * The Stabilise chart as data: each arm's stability gained (max-cosine PWMCC minus plain training's) against its
 * reconstruction lost (FVU minus plain's), and the strongest null's level on the same scale. Pure, for the chart and
 * its test.
 */
import type { Comparison, RowRole } from '../../core/stabilise/controls.ts';
import type { NullName } from '../../core/analysis/nullNames.ts';
import type { NullLevel } from '../../core/analysis/nullVerdict.ts';

export interface GainPoint {
  label: string;
  role: RowRole;
  credited: boolean;
  /** FVU − plain FVU: positive = reconstruction lost. */
  fvuLost: number;
  /** PWMCC (max-cosine) − plain PWMCC: positive = stability gained. */
  pwmccGained: number;
}

export interface GainView {
  points: GainPoint[];
  /** The strongest null's PWMCC minus plain's: a gain must rise above this line to beat geometry. */
  nullLine: { label: string; pwmccGained: number } | null;
}

export function gainView(c: Comparison, nulls: Partial<Record<NullName, NullLevel>>): GainView | null {
  const plain = c.rows.find((r) => r.role === 'baseline');
  if (!plain) return null;
  const points = c.rows.map((r) => ({
    label: r.label, role: r.role, credited: r.gain?.credited ?? false,
    fvuLost: r.price.fvu.mean - plain.price.fvu.mean, pwmccGained: r.pwmccMax.mean - plain.pwmccMax.mean,
  }));
  const against = c.rows.find((r) => r.verdict)?.verdict?.against;
  const level = against ? nulls[against] : undefined;
  return { points, nullLine: level ? { label: `strongest null: ${level.label}`, pwmccGained: level.pwmccMax.mean - plain.pwmccMax.mean } : null };
}
