import type { NullName } from './nulls.ts';
import type { MeanStd } from './stats.ts';
import { f3, signed } from '../format.ts';

/**
 * The stability verdict in words (SCIENCE.md §4b): the trained SAEs' PWMCC (max-cosine form, the plan's metric)
 * against the **strongest** null — the one with the highest mean — named, with its spread and the excess in units
 * of it, beside isotropic chance. Shared by the CLI (report.json `stability.verdict`) and the page.
 */

/** What the verdict needs of a null. */
export interface NullLevel {
  pwmccMax: MeanStd;
  pwmccOneToOne: MeanStd;
  /** Its name in a sentence, e.g. "dictionaries confined to the same 19-dimensional subspace". */
  label: string;
}

/** Pairwise values of the trained SAEs (the N × N matrix and its mean ± std over pairs). */
export interface PairStat extends MeanStd {
  matrix: number[][];
}

export type VerdictKind = 'beats' | 'chance' | 'mixed' | 'below';

export interface StabilityVerdict {
  /** The strongest null's name and label. */
  against: NullName;
  label: string;
  kind: VerdictKind;
  /** Trained mean minus the strongest null's mean, per form (one-to-one null when not computed). */
  excess: { pwmccMax: number; pwmccOneToOne: number | null };
  /** The yardstick: the null's spread of one pair (std), the excess in units of it, and the margin a pair must clear. */
  scale: { spread: number; units: number | null; margin: number };
  /** Trained mean minus isotropic chance (max-cosine form), when the isotropic null is given. */
  aboveIsotropic: number | null;
  headline: string;
  sentence: string;
}

/**
 * The gap above a null's mean a pair must clear to count as beating it: 3 standard deviations of the null's pairs,
 * and at least 0.01 (a Monte Carlo std is tiny at large n, and a 0.001 edge means nothing to a reader).
 */
export const marginFor = (std: number): number => Math.max(0.01, 3 * (Number.isFinite(std) ? std : 0));

/** The N(N−1)/2 values above the diagonal. */
export function pairValues(matrix: number[][]): number[] {
  const out: number[] = [];
  matrix.forEach((row, a) => row.forEach((v, b) => b > a && out.push(v)));
  return out;
}

/** The null with the highest max-cosine mean (ties: the first in `nulls`' order). */
export function strongestNull(nulls: Partial<Record<NullName, NullLevel>>): NullName | null {
  let best: NullName | null = null;
  for (const [name, level] of Object.entries(nulls) as [NullName, NullLevel][]) {
    if (level && Number.isFinite(level.pwmccMax.mean) && (best === null || level.pwmccMax.mean > nulls[best]!.pwmccMax.mean)) best = name;
  }
  return best;
}

/** "+0.230 = 115 × its spread (± 0.002)" style scale; null when the spread is zero. */
export const unitsOf = (excess: number, spread: number): number | null => (spread > 0 && Number.isFinite(spread) ? excess / spread : null);
/** A multiple of a spread, e.g. "115" or "−2.5" (a true minus sign, as in the other numbers). */
export const unitsText = (units: number): string =>
  `${units < 0 ? '−' : ''}${Math.abs(units) >= 10 ? Math.abs(units).toFixed(0) : Math.abs(units).toFixed(1)}`;
const timesSpread = (units: number | null, spread: number) =>
  units === null ? `its spread ± ${f3(spread)}` : `${unitsText(units)} × its spread ± ${f3(spread)}`;

function kindOf(pairs: number[], level: number, margin: number, gap: number): { kind: VerdictKind; above: number } {
  const above = pairs.filter((v) => v > level + margin).length;
  const kind: VerdictKind = pairs.length > 0 && above === pairs.length ? 'beats' : above > 0 ? 'mixed' : gap < -margin ? 'below' : 'chance';
  return { kind, above };
}

/** Judges trained SAEs against every null given; null when there is none. */
export function judgeStability(
  trained: { pwmccMax: PairStat; pwmccOneToOne: MeanStd | null }, nulls: Partial<Record<NullName, NullLevel>>,
): StabilityVerdict | null {
  const against = strongestNull(nulls);
  if (!against) return null;
  const strong = nulls[against]!;
  const { mean, std } = trained.pwmccMax;
  const pairs = pairValues(trained.pwmccMax.matrix);
  const spread = strong.pwmccMax.std;
  const margin = marginFor(spread);
  const excess = mean - strong.pwmccMax.mean;
  const { kind, above } = kindOf(pairs, strong.pwmccMax.mean, margin, excess);
  const units = unitsOf(excess, spread);
  const iso = nulls.isotropic;
  const isoGap = iso ? mean - iso.pwmccMax.mean : null;
  const isotropicHeadline = against === 'isotropic';
  let headline = {
    beats: isotropicHeadline ? `Trained SAEs beat chance by ${signed(excess)}` : `More alike than geometry alone explains: ${signed(excess)} above ${strong.label}`,
    mixed: `Above ${isotropicHeadline ? 'chance' : strong.label} in ${above} of ${pairs.length} seed pairs only (${signed(excess)} on average)`,
    chance: isotropicHeadline ? 'Indistinguishable from random' : `No better than ${strong.label}`,
    // Below a data-shaped null means "not more alike than it", not "worse than random": say it that way.
    below: isotropicHeadline ? `Below chance by ${f3(-excess)}` : `No better than ${strong.label} (${signed(excess)})`,
  }[kind];

  const clauses: string[] = [];
  let isoBeats = false;
  if (iso && isoGap !== null) {
    const isoMargin = marginFor(iso.pwmccMax.std);
    isoBeats = isoGap > isoMargin;
    // Not even above isotropic chance: that is the headline a reader needs, whatever the stronger nulls say.
    if (!isotropicHeadline && !isoBeats && kind !== 'beats') {
      headline = isoGap < -isoMargin ? `Below isotropic chance by ${f3(-isoGap)}` : 'Indistinguishable from random (isotropic chance)';
    }
    clauses.push(isoBeats ? `${signed(isoGap)} above isotropic chance (${f3(iso.pwmccMax.mean)})`
      : isoGap < -isoMargin ? `${f3(-isoGap)} below isotropic chance (${f3(iso.pwmccMax.mean)})`
        : `within isotropic chance (${f3(iso.pwmccMax.mean)}, ${signed(isoGap)})`);
  }
  if (against !== 'isotropic' || !iso) {
    const level = `${f3(strong.pwmccMax.mean)} ± ${f3(spread)}`;
    const strongClause = {
      beats: `${signed(excess)} above ${strong.label} (${level}; ${timesSpread(units, spread)})`,
      mixed: `above ${strong.label} (${level}) in ${above} of ${pairs.length} seed pairs only`,
      chance: `no better than ${strong.label} (${level}; ${signed(excess)})`,
      below: `${f3(-excess)} below ${strong.label} (${level})`,
    }[kind];
    const joined = clauses.length === 0 ? strongClause : `${isoBeats === (kind === 'beats') ? 'and' : 'but'} ${strongClause}`;
    clauses.push(joined);
  } else {
    clauses[0] += ` — ${timesSpread(units, spread)}`;
  }
  // The rotation null keeps each dictionary's own shape (dead latents included): the fairest reading of "aligned
  // beyond geometry", worth a clause when a sampled null is the strongest.
  const rot = nulls.rotation;
  const rotationClause = rot && against !== 'rotation'
    ? ` Against ${rot.label} (${f3(rot.pwmccMax.mean)} ± ${f3(rot.pwmccMax.std)}): ${signed(mean - rot.pwmccMax.mean)}.` : '';
  const one = trained.pwmccOneToOne;
  const oneExcess = one ? one.mean - strong.pwmccOneToOne.mean : null;
  let sentence = `PWMCC (max-cosine, the plan's metric) ${f3(mean)} ± ${f3(std)}: ${clauses.join(', ')}.${rotationClause}`;
  if (one && oneExcess !== null && Number.isFinite(strong.pwmccOneToOne.mean)) {
    sentence += ` PW-MCC (one-to-one, Song et al. 2025) ${f3(one.mean)} against ${f3(strong.pwmccOneToOne.mean)} (${signed(oneExcess)}).`;
  }
  return {
    against, label: strong.label, kind, excess: { pwmccMax: excess, pwmccOneToOne: oneExcess }, scale: { spread, units, margin },
    aboveIsotropic: isoGap, headline, sentence,
  };
}
