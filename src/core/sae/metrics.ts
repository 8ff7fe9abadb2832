/** Per-seed SAE metrics over the full activation set (SCIENCE.md §3), as plain numbers. */

/** Latent firing rates in log10 bins: `counts[i]` latents have log10(rate) in [edges[i], edges[i+1]). */
export interface FiringHistogram {
  edges: number[];
  counts: number[];
  /** Latents that fired on no input at all (log10 rate = −∞), kept out of the bins. */
  dead: number;
}

export interface SaeSeedMetrics {
  seed: number;
  /** Mean squared error per activation element, in the activations' own units. */
  mse: number;
  /** Fraction of variance unexplained: Σ||x − x̂||² / Σ||x − mean(x)||² over the whole activation set. */
  fvu: number;
  explainedVariance: number;
  /** Mean number of active latents per input. */
  l0: number;
  /** Latents that fire on no input of the activation set. */
  deadFraction: number;
  /** Latents that fired on none of the last `deadWindow` epochs of training inputs (what AuxK trains). */
  deadWindowFraction: number;
  firing: FiringHistogram;
}

export interface SaeMetrics {
  step: number;
  totalSteps: number;
  /** Fractional epochs done. */
  epoch: number;
  /** λ in use after warm-up (ReLU; 0 for TopK). */
  l1: number;
  seeds: SaeSeedMetrics[];
}

/** Bin edges of log10 firing rate: −6 … 0 in half decades (rates below 1e-6 fall in the first bin). */
export const FIRING_EDGES: number[] = Array.from({ length: 13 }, (_, i) => -6 + i / 2);

export function firingHistogram(fireCounts: ArrayLike<number>, rows: number): FiringHistogram {
  const counts = new Array<number>(FIRING_EDGES.length - 1).fill(0);
  let dead = 0;
  for (let i = 0; i < fireCounts.length; i++) {
    if (fireCounts[i] <= 0) {
      dead += 1;
      continue;
    }
    const bin = Math.floor((Math.log10(fireCounts[i] / rows) - FIRING_EDGES[0]) * 2);
    counts[Math.min(Math.max(bin, 0), counts.length - 1)] += 1;
  }
  return { edges: FIRING_EDGES, counts, dead };
}

/**
 * Metrics of one seed from its sums over all rows (training space, where the data is scaled by `scale`).
 * `sums` = [Σ||x − x̂||², Σ active latents, fires per latent …] as produced by SeedGroup.evalSums.
 */
export function seedMetrics(
  seed: number,
  sums: Float32Array,
  deadInWindow: number,
  shape: { rows: number; dIn: number; n: number; scale: number; totalVariance: number },
): SaeSeedMetrics {
  const { rows, dIn, n, scale, totalVariance } = shape;
  const sse = sums[0];
  const fires = sums.subarray(2, 2 + n);
  let dead = 0;
  for (let i = 0; i < n; i++) if (fires[i] <= 0) dead += 1;
  const fvu = sse / totalVariance;
  return {
    seed,
    mse: sse / (rows * dIn * scale * scale),
    fvu,
    explainedVariance: 1 - fvu,
    l0: sums[1] / rows,
    deadFraction: dead / n,
    deadWindowFraction: deadInWindow / n,
    firing: firingHistogram(fires, rows),
  };
}
