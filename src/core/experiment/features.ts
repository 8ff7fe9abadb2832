/**
 * The SAE features section's analysis (SCIENCE.md §2 and §4, issue 4), hosted by the worker: once an SAE run ends, each
 * seed's latents over the p × p input grid (answer position), their Fourier shares beside the untrained SAEs', the
 * plan's flawed overlap (labelled), whether the stable latents are the Fourier ones, a gallery of latents by firing
 * rate and by stability with thumbnails, feature families across seeds, and on request one latent's heatmap,
 * 2-D spectrum and best matches in the other seeds.
 */
import { featureFamilies } from '../analysis/families.ts';
import { FOURIER_UNIT_THRESHOLD, blockShares, unitSpectrum } from '../analysis/fourierUnits.ts';
import { type LatentFourier, flawedPlanFourierOverlap } from '../analysis/latentFourier.ts';
import type { StableFourierReport } from '../analysis/stableFourier.ts';
import type { LatentStability } from '../analysis/stability.ts';
import type { ActivationData, SaeWeights } from '../sae/init.ts';
import type { SaeSpec } from '../spec/sae.ts';
import type { SaeFourier } from './analyze.ts';
import { saeFeatures } from './saeFeatures.ts';

export const GALLERY_SIZE = 20;

/** A gallery latent's p × p heatmap, scaled to 0..255 between its own min and max (all 0 when constant). */
export interface Thumbnail {
  latent: number;
  pixels: Uint8Array; // [p²], row-major (a, b)
  /** k when the latent passes the Fourier test (pre-activation), else 0: the gallery's label. */
  frequency: number;
  /** Its smallest best-match |cos| over the other seeds (NaN with one seed), and the share of inputs it fires on. */
  stability?: number;
  firingRate?: number;
}

export interface FeaturesSummary {
  seeds: number[];
  p: number;
  nLatents: number;
  keyFrequencies: number[];
  threshold: number;
  trained: SaeFourier[];
  /** The untrained SAEs: the chance level of the shares. */
  initial: SaeFourier[];
  /**
   * The research plan's flawed "Fourier overlap" (flawedPlanFourierOverlap: decoder directions truncated to p
   * coordinates against DFT rows), mean per seed, trained and untrained; null when d < p. Shown only as such.
   */
  flawedPlanOverlap: { trained: number[]; initial: number[] } | null;
  /** Are the stable latents the Fourier ones (two or more seeds; else null). */
  stableFourier: StableFourierReport | null;
  /** Per seed, the top latents by firing rate and by stability (min best-match |cos| over the other seeds). */
  galleryByFiring: number[][];
  galleryByStability: number[][];
  /** Per seed, the least stable latents among those that fire (a dead latent is trivially unstable). */
  galleryUnstable?: number[][];
  /** Per seed, a thumbnail of every latent in any gallery. */
  thumbnails: Thumbnail[][];
  families: { total: number; countBySeeds: number[]; fourier: number; orphans: number } | null;
}

/** One latent over the inputs: its activation and its 2-D spectrum folded into frequency blocks. */
export interface LatentView {
  heatmap: Float32Array; // [p²], row-major (a, b)
  /** [(nFreq + 1)²] share of the centred energy per block (frequency in a, frequency in b), 0 = constant. */
  spectrum: number[];
}

export interface LatentMatch extends LatentView {
  seed: number;
  latent: number;
  cos: number;
}

export interface FeatureDetail extends LatentView {
  seed: number;
  latent: number;
  /** The Fourier test's numbers, from the pre-activation: fractions[k - 1] = share of its centred energy at k. */
  fractions: number[];
  dominant: number;
  dominantFraction: number;
  /** k when the latent passes the Fourier test (live, dominantFraction ≥ threshold), else 0. */
  fourierFrequency: number;
  /** The activation's own dominant frequency and fraction (what the heatmap shows; the gate moves energy to 2k, 3k…). */
  activationDominant: number;
  activationDominantFraction: number;
  firingRate: number;
  /** Minimum best-match |cos| over the other seeds (NaN with one seed). */
  stability: number;
  matches: LatentMatch[];
}

interface SeedGrid {
  z: Float32Array; // [n, p²] activations
  fourier: LatentFourier;
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

/** The `count` least stable latents that fire on at least one input, least stable first. */
function leastStable(g: SeedGrid, count: number): number[] {
  const live = Array.from({ length: g.stability.length }, (_, i) => i).filter((i) => g.firing[i] > 0);
  return live.sort((a, b) => g.stability[a] - g.stability[b] || a - b).slice(0, count);
}

/** Min–max scaled to bytes: cheap to send and to draw as a tiny image on the page. */
export function thumbnailPixels(heatmap: ArrayLike<number>): Uint8Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let g = 0; g < heatmap.length; g++) [lo, hi] = [Math.min(lo, heatmap[g]), Math.max(hi, heatmap[g])];
  const scale = hi > lo ? 255 / (hi - lo) : 0;
  return Uint8Array.from(heatmap, (x) => Math.round((x - lo) * scale));
}

function viewOf(z: Float32Array, latent: number, p: number): LatentView & { dominant: number; dominantFraction: number } {
  const heatmap = z.slice(latent * p * p, (latent + 1) * p * p);
  const spectrum = unitSpectrum(heatmap, p);
  return { heatmap, spectrum: blockShares(spectrum.hat, p, spectrum.energy), dominant: spectrum.dominant, dominantFraction: spectrum.dominantFraction };
}

const flawedMeans = (weights: SaeWeights[], p: number) => weights.map((w) => flawedPlanFourierOverlap(w.W_dec, w.dSae, w.dIn, p).mean);

/** Everything the features section shows for one finished SAE run; keeps the grids for the explorer's requests. */
export class FeaturesAnalysis {
  private constructor(readonly summary: FeaturesSummary, private readonly grids: SeedGrid[], private readonly latents: LatentStability | null) {}

  static async compute(
    spec: SaeSpec, p: number, keyFrequencies: number[], acts: ActivationData, trained: SaeWeights[], initial: SaeWeights[],
  ): Promise<FeaturesAnalysis> {
    // The shares and stable × Fourier are report.json's (saeFeatures.ts); the page adds galleries and families.
    const { report, trained: seeds, latents } = await saeFeatures(trained, initial, spec, acts, p, keyFrequencies);
    const n = trained[0].dSae;
    const P = p * p;
    const grids: SeedGrid[] = seeds.map(({ test: fourier, z }, s) => ({ z, fourier, firing: firingRates(z, n, P), stability: minBestMatch(latents, s, n) }));
    const galleryByFiring = grids.map((g) => topBy(g.firing, GALLERY_SIZE));
    const galleryByStability = grids.map((g) => (latents ? topBy(g.stability, GALLERY_SIZE) : []));
    const galleryUnstable = grids.map((g) => (latents ? leastStable(g, GALLERY_SIZE) : []));
    const summary: FeaturesSummary = {
      seeds: [...spec.seeds], p, nLatents: n, keyFrequencies, threshold: FOURIER_UNIT_THRESHOLD,
      trained: report.saes, initial: report.initialSaes,
      flawedPlanOverlap: trained[0].dIn >= p ? { trained: flawedMeans(trained, p), initial: flawedMeans(initial, p) } : null,
      stableFourier: report.stableFourier,
      galleryByFiring,
      galleryByStability,
      galleryUnstable,
      thumbnails: grids.map((g, s) => [...new Set([...galleryByFiring[s], ...galleryByStability[s], ...galleryUnstable[s]])]
        .map((latent) => ({
          latent, pixels: thumbnailPixels(g.z.subarray(latent * P, (latent + 1) * P)), frequency: g.fourier.frequency[latent],
          stability: g.stability[latent], firingRate: g.firing[latent],
        }))),
      families: latents ? familiesSummary(latents, grids) : null,
    };
    return new FeaturesAnalysis(summary, grids, latents);
  }

  /** One latent of seed index s, with its best match in every other seed. */
  detail(s: number, latent: number): FeatureDetail {
    const { p, nLatents: n } = this.summary;
    if (!(s >= 0 && s < this.grids.length && latent >= 0 && latent < n)) throw new Error(`no latent ${latent} in seed index ${s}`);
    const g = this.grids[s];
    const { heatmap, spectrum, dominant, dominantFraction } = viewOf(g.z, latent, p);
    const matches: LatentMatch[] = [];
    this.latents?.bestMatch[s].forEach((m, t) => {
      if (!m) return;
      const j = m.index[latent];
      const view = viewOf(this.grids[t].z, j, p);
      matches.push({ seed: this.summary.seeds[t], latent: j, cos: m.cos[latent], heatmap: view.heatmap, spectrum: view.spectrum });
    });
    const pre = g.fourier.pre;
    const nFreq = pre.nFreq;
    return {
      seed: this.summary.seeds[s], latent, heatmap, spectrum,
      fractions: Array.from(pre.fractions.subarray(latent * nFreq, (latent + 1) * nFreq)),
      dominant: pre.dominant[latent], dominantFraction: pre.dominantFraction[latent],
      fourierFrequency: g.fourier.frequency[latent],
      activationDominant: dominant, activationDominantFraction: dominantFraction,
      firingRate: g.firing[latent], stability: g.stability[latent], matches,
    };
  }
}

/** A family is a Fourier feature when most of its members pass the Fourier test with one frequency. */
function familiesSummary(latents: LatentStability, grids: SeedGrid[]): FeaturesSummary['families'] {
  const fam = featureFamilies(latents);
  let fourier = 0;
  for (const f of fam.families) {
    const counts = new Map<number, number>();
    for (const { seed, latent } of f.members) {
      const k = grids[seed].fourier.frequency[latent];
      if (k > 0) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    if (Math.max(0, ...counts.values()) * 2 > f.members.length) fourier++;
  }
  return { total: fam.families.length, countBySeeds: fam.familyCountBySeeds, fourier, orphans: fam.orphans.length };
}
