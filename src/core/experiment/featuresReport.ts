/**
 * The features part of report.json: feature families across seeds and a small gallery of the first seed's most and
 * least stable latents, with their p × p heatmaps as bytes. Made from the features summary (features.ts), which the
 * CLI and the page's Features section both compute, so the generated report shows the same latents in both.
 */
import { encodeBase64 } from '../io/base64.ts';
import type { FeaturesSummary, Thumbnail } from './features.ts';

/** Latents shown per group (stable, unstable) in the report's gallery. */
export const REPORT_GALLERY_SIZE = 4;

export interface GalleryLatent {
  latent: number;
  /** Smallest best-match |cos| of its decoder row over the other seeds. */
  stability: number;
  /** Share of the p² inputs it fires on. */
  firingRate: number;
  /** k when it passes the Fourier test (pre-activation), else 0. */
  frequency: number;
  /** Its activation over the inputs, min–max scaled to 0..255: p² bytes, row-major (a, b), standard base64. */
  pixels: string;
}

export interface FeaturesReport {
  /** Families of mutually best-matching latents above chance (core/analysis/families.ts). */
  families: { total: number; countBySeeds: number[]; fourier: number; orphans: number } | null;
  /** The first seed's most and least stable live latents; null with one seed (stability needs two). */
  gallery: { seed: number; p: number; stable: GalleryLatent[]; unstable: GalleryLatent[] } | null;
}

function card(t: Thumbnail | undefined): GalleryLatent[] {
  if (!t || t.stability === undefined || t.firingRate === undefined) return [];
  return [{ latent: t.latent, stability: t.stability, firingRate: t.firingRate, frequency: t.frequency, pixels: encodeBase64(t.pixels) }];
}

export function featuresReport(s: FeaturesSummary, size = REPORT_GALLERY_SIZE): FeaturesReport {
  const thumbs = new Map((s.thumbnails[0] ?? []).map((t) => [t.latent, t]));
  const pick = (latents: number[] | undefined) => (latents ?? []).slice(0, size).flatMap((l) => card(thumbs.get(l)));
  const stable = pick(s.galleryByStability[0]);
  const unstable = pick(s.galleryUnstable?.[0]);
  const gallery = s.seeds.length >= 2 && stable.length > 0 ? { seed: s.seeds[0], p: s.p, stable, unstable } : null;
  return { families: s.families, gallery };
}
