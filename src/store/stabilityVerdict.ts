/**
 * The plain-language verdict of the Stability section: do the trained SAEs agree across seeds more than geometry
 * alone explains? Judged on PWMCC in the max-cosine form (the plan's metric, and the one available live), pair by
 * pair, against the strongest null (core/analysis/nullVerdict.ts, the words report.json's `stability.verdict` has).
 * During training only isotropic chance exists; the data-respecting nulls come with the final analysis.
 */
import type { StabilityReport } from '../core/experiment/analyze.ts';
import { type StabilityVerdict, type VerdictKind, judgeStability, marginFor, pairValues, unitsText } from '../core/analysis/nullVerdict.ts';
import type { StabilityBaseline, StabilitySnapshot } from '../worker/saeMessages.ts';
import { f3 } from '../core/format.ts';

export { marginFor, pairValues, unitsText };
export type { VerdictKind };

export interface Verdict {
  kind: VerdictKind;
  headline: string;
  detail: string;
  /** Trained mean minus the strongest null's mean (max-cosine form). */
  gap: number;
  /** The strongest null, named, and its yardstick. */
  against: StabilityVerdict['against'];
  label: string;
  scale: StabilityVerdict['scale'];
  /** True while only isotropic chance is known (live, before the final analysis). */
  isotropicOnly: boolean;
}

/** The isotropic null's words (core/analysis/nulls.ts) for the live baseline. */
export const isotropicLabel = (d: number) => `isotropic chance (random dictionaries spread over all ${d} dimensions)`;

/** Rule of the live verdict's margin: 3 standard deviations of the random pairs, at least 0.01. */
export const chanceMargin = (b: StabilityBaseline): number => marginFor(b.pwmccMax.std);

export function stabilityVerdict(
  latest: StabilitySnapshot | null, baseline: StabilityBaseline | null, initial: StabilitySnapshot | null, report: StabilityReport | null = null,
): Verdict | null {
  if (!latest || !baseline) return null;
  const final = latest.phase === 'final' && report?.verdict ? report.verdict : null;
  const v = final ?? judgeStability(
    { pwmccMax: latest.pwmccMax, pwmccOneToOne: latest.pwmccOneToOne },
    { isotropic: { pwmccMax: baseline.pwmccMax, pwmccOneToOne: baseline.pwmccOneToOne, label: isotropicLabel(baseline.d) } },
  );
  if (!v) return null;
  const parts = [v.sentence];
  if (initial) parts.push(`Untrained SAEs: ${f3(initial.pwmccMax.mean)}.`);
  if (!final) parts.push(`(d = ${baseline.d}, n = ${baseline.n}; the nulls that respect the activations come when training ends.)`);
  const when = latest.phase === 'live' ? ` — so far, at step ${latest.step}` : '';
  return {
    kind: v.kind, headline: v.headline + when, detail: parts.join(' '), gap: v.excess.pwmccMax, against: v.against, label: v.label,
    scale: v.scale, isotropicOnly: !final,
  };
}
