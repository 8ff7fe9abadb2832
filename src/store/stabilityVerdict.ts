/**
 * The plain-language verdict of the Stability section: do the trained SAEs agree across seeds more than two random
 * dictionaries of the same d and n would? Judged on PWMCC in the max-cosine form (the form of the plan's 0.30, and
 * the one available live), pair by pair against the random baseline.
 */
import type { StabilityBaseline, StabilitySnapshot } from '../worker/saeMessages.ts';

export type VerdictKind = 'beats' | 'chance' | 'mixed' | 'below';

export interface Verdict {
  kind: VerdictKind;
  headline: string;
  detail: string;
  /** Trained mean minus random mean (max-cosine form). */
  gap: number;
}

/**
 * The gap above the random mean a pair must clear to count as beating chance: 3 standard deviations of the random
 * pairs, and at least 0.01 (the Monte Carlo std is tiny at large n, and a 0.001 edge means nothing to a reader).
 */
export const chanceMargin = (b: StabilityBaseline): number => marginFor(b.pwmccMax.std);

/** The same rule for any measure whose random pairs spread by `std`. */
export const marginFor = (std: number): number => Math.max(0.01, 3 * (Number.isFinite(std) ? std : 0));

/** The N(N−1)/2 values above the diagonal. */
export function pairValues(matrix: number[][]): number[] {
  const out: number[] = [];
  matrix.forEach((row, a) => row.forEach((v, b) => b > a && out.push(v)));
  return out;
}

const f3 = (x: number) => x.toFixed(3);
const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(3)}`;

export function stabilityVerdict(
  latest: StabilitySnapshot | null, baseline: StabilityBaseline | null, initial: StabilitySnapshot | null,
): Verdict | null {
  if (!latest || !baseline) return null;
  const random = baseline.pwmccMax.mean;
  const margin = chanceMargin(baseline);
  const { mean, std, matrix } = latest.pwmccMax;
  const pairs = pairValues(matrix);
  const above = pairs.filter((v) => v > random + margin).length;
  const gap = mean - random;
  const kind: VerdictKind = above === pairs.length ? 'beats' : above > 0 ? 'mixed' : gap < -margin ? 'below' : 'chance';
  const headline = {
    beats: `Trained SAEs beat chance by ${signed(gap)}`,
    mixed: `Above chance in ${above} of ${pairs.length} seed pairs only (${signed(gap)} on average)`,
    chance: 'Indistinguishable from random',
    below: `Below chance by ${f3(-gap)}`,
  }[kind];
  const parts = [
    `PWMCC (max-cosine) ${f3(mean)} ± ${f3(std)} against ${f3(random)} for random dictionaries (d = ${baseline.d}, n = ${baseline.n})`,
  ];
  if (initial) parts.push(`untrained SAEs ${f3(initial.pwmccMax.mean)}`);
  if (latest.pwmccOneToOne) parts.push(`one-to-one ${f3(latest.pwmccOneToOne.mean)} against ${f3(baseline.pwmccOneToOne.mean)}`);
  const when = latest.phase === 'live' ? ` — so far, at step ${latest.step}` : '';
  return { kind, headline: headline + when, detail: parts.join('; '), gap };
}
