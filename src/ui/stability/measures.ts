/**
 * The three stability measures as the page names and defines them (docs/metrics.md, SCIENCE.md §4), and where
 * each one's chance level comes from.
 */
import type { Stat } from '../../core/experiment/analyze.ts';
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
    key: 'pwmccMax', id: 'pwmcc-max', title: 'PWMCC, max-cosine form', short: 'PWMCC max-cos',
    definition: () => '½ (mean over A\'s latents of their best |cos| in B + the same from B to A), decoder directions; matches may repeat. The form of the plan\'s 0.30.',
  },
  {
    key: 'pwmccOneToOne', id: 'pwmcc-one-to-one', title: 'PW-MCC, one-to-one form', short: 'PW-MCC 1-to-1',
    definition: () => 'mean |cos| of decoder directions over the best one-to-one matching of latents (Hungarian assignment), Song et al. 2025.',
  },
  {
    key: 'sharedFraction', id: 'shared-fraction', title: 'Shared-latent fraction', short: 'shared fraction',
    definition: (t) => `share of latents whose encoder and decoder matchings pick the same partner with both signed cosines ≥ ${t}, Paulo & Belrose 2025.`,
  },
];

export interface Reference {
  mean: number;
  std: number;
  /** What the number is, e.g. "random, d = 32, n = 128". */
  label: string;
}

/**
 * The chance level of a measure. PWMCC in both forms: the Monte Carlo random baseline for the same d and n. The
 * shared fraction depends on the threshold, so its chance level is the untrained SAEs' value at the same threshold:
 * their latents are independent random unit vectors of the same d and n.
 */
export function chanceLevel(key: MeasureKey, baseline: StabilityBaseline | null, initial: StabilitySnapshot | null): Reference | null {
  if (!baseline) return null;
  const where = `d = ${baseline.d}, n = ${baseline.n}`;
  if (key === 'sharedFraction') {
    const s = initial?.sharedFraction;
    return s ? { mean: s.mean, std: s.std, label: `random dictionaries (the untrained SAEs), ${where}` } : null;
  }
  return { ...baseline[key], label: `random, ${where}` };
}

/** The gap above a chance level that counts as beating it: the verdict's rule (store/stabilityVerdict.ts). */
export const chanceMargin = (r: Pick<Reference, 'std'>): number => marginFor(r.std);

export const statOf = (s: StabilitySnapshot | null, key: MeasureKey): Stat | null => s?.[key] ?? null;
