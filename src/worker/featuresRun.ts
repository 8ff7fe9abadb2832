/**
 * The SAE features section's work inside the worker (SCIENCE.md §2 and §4, issue 4): once an SAE run ends, each
 * seed's latents over the p × p input grid (answer position), their Fourier shares beside the untrained SAEs', a
 * gallery of latents by firing rate and by stability, feature families across seeds, and on request one latent's
 * heatmap, spectrum and best matches in the other seeds.
 */
import { featureFamilies } from '../core/analysis/families.ts';
import { FOURIER_UNIT_THRESHOLD, type UnitSpectra, unitSpectrum } from '../core/analysis/fourierUnits.ts';
import { latentFourierShare } from '../core/analysis/latentFourier.ts';
import { type LatentStability, pairwiseStability } from '../core/analysis/stability.ts';
import type { SaeFourier } from '../core/experiment/analyze.ts';
import { answerPositionRows, latentGrid } from '../core/experiment/latents.ts';
import type { SaeWeights } from '../core/sae/init.ts';
import type { ActivationData } from '../core/sae/init.ts';
import type { SaeSpec } from '../core/spec/sae.ts';
import { toDictionary } from './stabilityRun.ts';

export const GALLERY_SIZE = 20;

export interface FeaturesSummary {
  seeds: number[];
  p: number;
  nLatents: number;
  keyFrequencies: number[];
  threshold: number;
  trained: SaeFourier[];
  /** The untrained SAEs: the chance level of the shares. */
  initial: SaeFourier[];
  /** Per seed, the top latents by firing rate and by stability (min best-match |cos| over the other seeds). */
  galleryByFiring: number[][];
  galleryByStability: number[][];
  families: { total: number; countBySeeds: number[]; fourier: number; orphans: number } | null;
}

export interface LatentMatch {
  seed: number;
  latent: number;
  cos: number;
  heatmap: Float32Array; // [p²]
}

export interface FeatureDetail {
  seed: number;
  latent: number;
  heatmap: Float32Array; // [p²], row-major (a, b)
  /** fractions[k - 1]: share of the centred energy at frequency k. */
  fractions: number[];
  dominant: number;
  dominantFraction: number;
  firingRate: number;
  /** Minimum best-match |cos| over the other seeds (NaN with one seed). */
  stability: number;
  matches: LatentMatch[];
}

interface SeedGrid {
  z: Float32Array; // [n, p²]
  spectra: UnitSpectra;
  firing: Float32Array; // [n]
  stability: Float32Array; // [n]
}

const topBy = (score: ArrayLike<number>, count: number): number[] =>
  Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[b] - score[a] || a - b).slice(0, count);

function firingRates(z: Float32Array, n: number, P: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let fired = 0;
    for (let g = 0; g < P; g++) if (z[i * P + g] > 0) fired++;
    out[i] = fired / P;
  }
  return out;
}

/** Per latent of seed s, its smallest best-match |cos| over the other seeds (how stable it is across all of them). */
function minBestMatch(latents: LatentStability | null, s: number, n: number): Float32Array {
  const out = new Float32Array(n).fill(latents ? 1 : NaN);
  for (const m of latents?.bestMatch[s] ?? []) if (m) for (let i = 0; i < n; i++) out[i] = Math.min(out[i], m.cos[i]);
  return out;
}

const fourierOf = (seed: number, z: Float32Array, n: number, p: number, keys: number[]) => {
  const { spectra, share } = latentFourierShare(z, n, p, keys);
  const row: SaeFourier = { seed, nLive: share.nLive, nFourier: share.nFourier, share: share.share, frequencies: share.frequencies, keyAlignedShare: share.keyAlignedShare };
  return { spectra, row };
};

/** Everything the features section shows for one finished SAE run; keeps the grids for the explorer's requests. */
export class FeaturesAnalysis {
  private constructor(readonly summary: FeaturesSummary, private readonly grids: SeedGrid[], private readonly latents: LatentStability | null) {}

  static async compute(
    spec: SaeSpec, p: number, keyFrequencies: number[], acts: ActivationData, trained: SaeWeights[], initial: SaeWeights[],
  ): Promise<FeaturesAnalysis> {
    const grid = answerPositionRows(acts.data, acts.rows, acts.cols, p); // [p², d_in]
    const n = trained[0].dSae;
    const P = p * p;
    const latents = trained.length >= 2 ? (await pairwiseStability(trained.map(toDictionary), { maxCosineOnly: true })).latents : null;
    const grids: SeedGrid[] = [];
    const trainedRows: SaeFourier[] = [];
    for (let s = 0; s < trained.length; s++) {
      const z = await latentGrid(trained[s], spec, grid, p);
      const { spectra, row } = fourierOf(spec.seeds[s], z, n, p, keyFrequencies);
      trainedRows.push(row);
      grids.push({ z, spectra, firing: firingRates(z, n, P), stability: minBestMatch(latents, s, n) });
    }
    const initialRows: SaeFourier[] = [];
    for (let s = 0; s < initial.length; s++) {
      initialRows.push(fourierOf(spec.seeds[s], await latentGrid(initial[s], spec, grid, p), n, p, keyFrequencies).row);
    }
    const summary: FeaturesSummary = {
      seeds: [...spec.seeds], p, nLatents: n, keyFrequencies, threshold: FOURIER_UNIT_THRESHOLD, trained: trainedRows, initial: initialRows,
      galleryByFiring: grids.map((g) => topBy(g.firing, GALLERY_SIZE)),
      galleryByStability: grids.map((g) => (latents ? topBy(g.stability, GALLERY_SIZE) : [])),
      families: latents ? familiesSummary(latents, grids) : null,
    };
    return new FeaturesAnalysis(summary, grids, latents);
  }

  /** One latent of seed index s, with its best match in every other seed. */
  detail(s: number, latent: number): FeatureDetail {
    const { p, nLatents: n } = this.summary;
    const P = p * p;
    if (!(s >= 0 && s < this.grids.length && latent >= 0 && latent < n)) throw new Error(`no latent ${latent} in seed index ${s}`);
    const g = this.grids[s];
    const heatmap = g.z.slice(latent * P, (latent + 1) * P);
    const spectrum = unitSpectrum(heatmap, p);
    const matches: LatentMatch[] = [];
    this.latents?.bestMatch[s].forEach((m, t) => {
      if (!m) return;
      const j = m.index[latent];
      matches.push({ seed: this.summary.seeds[t], latent: j, cos: m.cos[latent], heatmap: this.grids[t].z.slice(j * P, (j + 1) * P) });
    });
    return {
      seed: this.summary.seeds[s], latent, heatmap, fractions: Array.from(spectrum.fractions),
      dominant: spectrum.dominant, dominantFraction: spectrum.dominantFraction,
      firingRate: g.firing[latent], stability: g.stability[latent], matches,
    };
  }
}

/** A family is a Fourier feature when most of its members are frequency-k units (≥ 0.85) of one frequency. */
function familiesSummary(latents: LatentStability, grids: SeedGrid[]): FeaturesSummary['families'] {
  const fam = featureFamilies(latents);
  let fourier = 0;
  for (const f of fam.families) {
    const counts = new Map<number, number>();
    for (const { seed, latent } of f.members) {
      const sp = grids[seed].spectra;
      if (sp.dominant[latent] > 0 && sp.dominantFraction[latent] >= FOURIER_UNIT_THRESHOLD) counts.set(sp.dominant[latent], (counts.get(sp.dominant[latent]) ?? 0) + 1);
    }
    if (Math.max(0, ...counts.values()) * 2 > f.members.length) fourier++;
  }
  return { total: fam.families.length, countBySeeds: fam.familyCountBySeeds, fourier, orphans: fam.orphans.length };
}
