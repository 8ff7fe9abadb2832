import { FOURIER_UNIT_THRESHOLD } from './fourierUnits.ts';
import type { LatentFourier } from './latentFourier.ts';
import type { LatentStability } from './stability.ts';
import { fisherExactP } from './stats.ts';

/**
 * Are the stable latents the Fourier ones? Per seed and pooled over the seeds, a 2 × 2 table of the latents that vary
 * over the input grid: stable / unstable (the stability section's definition, `latentStability`: matched above the
 * p < 0.01 chance level in every other seed) × Fourier / not (the latent Fourier test, latentFourier.ts: one frequency
 * explains ≥ 0.85 of its pre-activation over the p × p inputs). Beside it: the count expected if the two were unrelated,
 * Fisher's exact test, and the same table for the untrained SAEs (the baseline).
 */

export const LINK_P_VALUE = 0.01;

export interface CrossTab {
  /** Live latents in each cell. */
  stableFourier: number;
  stableOther: number;
  unstableFourier: number;
  unstableOther: number;
  /** Share of the stable live latents that are Fourier features (NaN when none is stable). */
  fourierShareOfStable: number;
  /** Share of the unstable live latents that are Fourier features (NaN when none is unstable). */
  fourierShareOfUnstable: number;
  /** Share of the Fourier latents that are stable (NaN when none is Fourier). */
  stableShareOfFourier: number;
  /** stableFourier expected if stability and Fourier-ness were unrelated: stable · Fourier / live. */
  expectedIfUnrelated: number;
  /** Two-sided Fisher exact p of the table (1 when a row or column is empty). */
  fisherP: number;
  /** Latents constant over the inputs (dead or never varying): left out of the cells; how many of them are stable. */
  notLive: number;
  notLiveStable: number;
}

export interface StableFourierTable {
  seeds: number[];
  perSeed: CrossTab[];
  /** The cells summed over the seeds (shares, expectation and test recomputed from the sums). */
  pooled: CrossTab;
}

export type StableFourierKind =
  | 'no-fourier' | 'no-stable' | 'all-stable' | 'stable-are-fourier' | 'stable-more-fourier' | 'stable-less-fourier' | 'unrelated';

export interface StableFourierReport {
  definitions: { stable: string; fourier: string; test: string };
  /** Fourier criterion (pre-activation dominant fraction) and the per-latent chance level of the stability criterion. */
  fourierThreshold: number;
  chanceThreshold: number;
  trained: StableFourierTable;
  /** The same seeds' untrained SAEs, through the same criteria. */
  initial: StableFourierTable | null;
  /** The direct answer in one sentence, and its kind. */
  answer: { kind: StableFourierKind; sentence: string };
}

export const STABLE_FOURIER_DEFINITIONS: StableFourierReport['definitions'] = {
  stable: 'best decoder |cos| match above the p < 0.01 chance level for this d and n in every other seed (the Stability section\'s per-latent definition)',
  fourier: 'a live latent one frequency k of which explains ≥ 0.85 of its centred pre-activation (before the ReLU / TopK gate) over all p² inputs (token space)',
  test: 'two-sided Fisher exact test of the 2 × 2 table of live latents; "linked" when p < 0.01',
};

function tabulate(cells: [number, number, number, number], notLive: number, notLiveStable: number): CrossTab {
  const [sf, so, uf, uo] = cells;
  const share = (x: number, total: number) => (total > 0 ? x / total : NaN);
  const live = sf + so + uf + uo;
  return {
    stableFourier: sf, stableOther: so, unstableFourier: uf, unstableOther: uo,
    fourierShareOfStable: share(sf, sf + so),
    fourierShareOfUnstable: share(uf, uf + uo),
    stableShareOfFourier: share(sf, sf + uf),
    expectedIfUnrelated: live > 0 ? ((sf + so) * (sf + uf)) / live : 0,
    fisherP: fisherExactP(sf, so, uf, uo),
    notLive, notLiveStable,
  };
}

/** One seed's table from its stable flags [n] and its latents' Fourier test over the input grid. */
export function crossTab(stable: ArrayLike<number>, fourier: LatentFourier): CrossTab {
  const cells: [number, number, number, number] = [0, 0, 0, 0];
  let notLive = 0;
  let notLiveStable = 0;
  for (let i = 0; i < fourier.nUnits; i++) {
    const isStable = stable[i] > 0;
    if (!fourier.live[i]) {
      notLive++;
      if (isStable) notLiveStable++;
      continue;
    }
    const isFourier = fourier.frequency[i] > 0;
    cells[(isStable ? 0 : 2) + (isFourier ? 0 : 1)]++;
  }
  return tabulate(cells, notLive, notLiveStable);
}

/** Per-seed tables and their pooled sum; `fourier[s]` belongs to the seed of `latents.stable[s]`. */
export function stableFourierTable(seeds: number[], latents: LatentStability, fourier: LatentFourier[]): StableFourierTable {
  const perSeed = fourier.map((f, s) => crossTab(latents.stable[s], f));
  const sum = (key: keyof CrossTab) => perSeed.reduce((total, t) => total + t[key], 0);
  const pooled = tabulate(
    [sum('stableFourier'), sum('stableOther'), sum('unstableFourier'), sum('unstableOther')], sum('notLive'), sum('notLiveStable'),
  );
  return { seeds, perSeed, pooled };
}

const pct = (x: number) => `${Math.round(100 * x)}%`;
const liveOf = (c: CrossTab) => c.stableFourier + c.stableOther + c.unstableFourier + c.unstableOther;

/** The answer in words: pooled shares for the size of the link, per-seed Fisher tests for whether there is one. */
export function stableFourierAnswer(trained: StableFourierTable, initial: StableFourierTable | null): StableFourierReport['answer'] {
  const t = trained.pooled;
  const stable = t.stableFourier + t.stableOther;
  const fourier = t.stableFourier + t.unstableFourier;
  const live = liveOf(t);
  const N = trained.perSeed.length;
  const base = initial
    ? ` Untrained SAEs: ${initial.pooled.stableFourier + initial.pooled.stableOther} stable and ${initial.pooled.stableFourier + initial.pooled.unstableFourier} Fourier of ${liveOf(initial.pooled)} live latents.`
    : '';
  if (fourier === 0) {
    return { kind: 'no-fourier', sentence: `No: none of the ${live} live latents (${N} seeds) is a Fourier feature, stable or not; ${stable} of them are stable.${base}` };
  }
  if (stable === 0) {
    return { kind: 'no-stable', sentence: `No latent is stable across all ${N} seeds, so none of the ${fourier} Fourier latents is a stable one.${base}` };
  }
  if (t.unstableFourier + t.unstableOther === 0) {
    return { kind: 'all-stable', sentence: `Every live latent is stable, so stability does not single out the Fourier ones: ${pct(t.fourierShareOfStable)} of them are Fourier features.${base}` };
  }
  const linked = (sign: number) => trained.perSeed.filter((c) => c.fisherP < LINK_P_VALUE && sign * (c.fourierShareOfStable - c.fourierShareOfUnstable) > 0).length;
  const shares = `${pct(t.fourierShareOfStable)} of the ${stable} stable latents are Fourier features against ${pct(t.fourierShareOfUnstable)} of the ${live - stable} unstable ones`;
  const evidence = (k: number) => ` (pooled over ${N} seeds; Fisher p < ${LINK_P_VALUE} in ${k} of ${N}).`;
  const more = linked(1);
  const less = linked(-1);
  if (more * 2 > N) {
    return t.fourierShareOfStable >= 0.5
      ? { kind: 'stable-are-fourier', sentence: `Yes: ${shares}${evidence(more)}${base}` }
      : { kind: 'stable-more-fourier', sentence: `Partly: stable latents are more often Fourier features, but most are not — ${shares}${evidence(more)}${base}` };
  }
  if (less * 2 > N) return { kind: 'stable-less-fourier', sentence: `No, rather the opposite: ${shares}${evidence(less)}${base}` };
  return { kind: 'unrelated', sentence: `No clear link: ${shares}${evidence(more)}${base}` };
}

/** Everything the cross-tab shows, for the trained SAEs beside the untrained ones. */
export function stableFourierReport(
  seeds: number[], trained: { latents: LatentStability; fourier: LatentFourier[] }, initial: { latents: LatentStability; fourier: LatentFourier[] } | null,
): StableFourierReport {
  const trainedTable = stableFourierTable(seeds, trained.latents, trained.fourier);
  const initialTable = initial ? stableFourierTable(seeds, initial.latents, initial.fourier) : null;
  return {
    definitions: STABLE_FOURIER_DEFINITIONS,
    fourierThreshold: trained.fourier[0]?.threshold ?? FOURIER_UNIT_THRESHOLD,
    chanceThreshold: trained.latents.threshold[0],
    trained: trainedTable,
    initial: initialTable,
    answer: stableFourierAnswer(trainedTable, initialTable),
  };
}
