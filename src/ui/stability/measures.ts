/**
 * The three stability measures as the page names and defines them (docs/metrics.md, SCIENCE.md §4), and the nulls
 * each one is shown beside (core/analysis/nulls.ts): isotropic chance from the start of the run, the nulls that
 * respect the activations once the final analysis arrives.
 */
import type { Stat, StabilityReport } from '../../core/experiment/analyze.ts';
import { NULL_NAMES, type NullName } from '../../core/analysis/nullNames.ts';
import { marginFor } from '../../store/stabilityVerdict.ts';
import type { StabilityBaseline, StabilitySnapshot } from '../../worker/saeMessages.ts';

export type MeasureKey = 'pwmccMax' | 'pwmccOneToOne' | 'sharedFraction';

export interface Measure {
  key: MeasureKey;
  /** Short id for test ids and file names. */
  id: string;
  title: string;
  short: string;
  definition: (threshold: number) => string;
}

export const MEASURES: Measure[] = [
  {
    key: 'pwmccMax', id: 'pwmcc-max', title: 'PWMCC (max-cosine, the plan\'s metric)', short: 'PWMCC max-cos',
    definition: () => '½ (mean over A\'s latents of their best |cos| in B + the same from B to A), decoder directions; matches may repeat. The form of the plan\'s 0.30.',
  },
  {
    key: 'pwmccOneToOne', id: 'pwmcc-one-to-one', title: 'PW-MCC (one-to-one, Song et al. 2025)', short: 'PW-MCC 1-to-1',
    definition: () => 'mean |cos| of decoder directions over the best one-to-one matching of latents (Hungarian assignment). A different metric from the max-cosine PWMCC, though named alike.',
  },
  {
    key: 'sharedFraction', id: 'shared-fraction', title: 'Shared-latent fraction', short: 'shared fraction',
    definition: (t) => `share of latents whose encoder and decoder matchings pick the same partner with both signed cosines ≥ ${t}, Paulo & Belrose 2025.`,
  },
];

/** One null's level for one measure; `mean` NaN while it is not computed yet. */
export interface Reference {
  name: NullName;
  /** Short name for a row, e.g. "subspace (13 dims)". */
  short: string;
  mean: number;
  std: number;
  /** What it is, in words. */
  label: string;
}

const SHORT: Record<NullName, (r: number | null) => string> = {
  isotropic: () => 'isotropic',
  subspace: (r) => `subspace${r ? ` (${r} dims)` : ''}`,
  covariance: () => 'covariance',
  rotation: (r) => `rotated SAEs${r ? ` (${r} dims)` : ''}`,
};

export const nullShort = (name: NullName, r: number | null): string => SHORT[name](r);

/**
 * Every null for a measure, in NULL_NAMES order. From the final report when there is one; before it, isotropic
 * chance from the baseline (for the shared fraction, which depends on the threshold, the untrained SAEs' value
 * stands in: their latents are random unit vectors of the same d and n).
 */
export function nullReferences(
  key: MeasureKey, baseline: StabilityBaseline | null, initial: StabilitySnapshot | null, report: StabilityReport | null,
): Reference[] {
  const r = report?.subspaceDims ?? null;
  return NULL_NAMES.map((name) => {
    const fromReport = report?.nulls?.[name];
    if (fromReport) return { name, short: nullShort(name, r), mean: fromReport[key].mean, std: fromReport[key].std, label: fromReport.description };
    if (name === 'isotropic' && baseline) {
      const where = `d = ${baseline.d}, n = ${baseline.n}`;
      if (key !== 'sharedFraction') return { name, short: nullShort(name, r), ...baseline[key], label: `random unit vectors, ${where}` };
      const s = initial?.sharedFraction;
      if (s) return { name, short: nullShort(name, r), mean: s.mean, std: s.std, label: `random dictionaries (the untrained SAEs), ${where}` };
    }
    return { name, short: nullShort(name, r), mean: NaN, std: NaN, label: 'computed when SAE training ends' };
  });
}

/** The computed null with the highest mean (the yardstick), or null before any is known. */
export function strongest(references: Reference[]): Reference | null {
  let best: Reference | null = null;
  for (const x of references) if (Number.isFinite(x.mean) && (!best || x.mean > best.mean)) best = x;
  return best;
}

/** The gap above a null that counts as beating it: the verdict's rule (core/analysis/nullVerdict.ts). */
export const chanceMargin = (r: Pick<Reference, 'std'>): number => marginFor(r.std);

export const statOf = (s: StabilitySnapshot | null, key: MeasureKey): Stat | null => s?.[key] ?? null;
