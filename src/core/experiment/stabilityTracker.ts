/**
 * The stability section's analysis over an SAE run's life (SCIENCE.md §4, §4b), hosted by the worker's SaeRun:
 * isotropic chance, the activations' geometry and the untrained SAEs' scores when the run starts, cheap max-cosine
 * updates while it trains (no Hungarian matchings, judged against isotropic chance only, at a rate that keeps the
 * analysis to a small share of the wall time), and all three forms beside every null once it ends — the report
 * built by analyze.ts's stabilityReportOf, like the CLI's.
 */
import { type ActivationDimensions, type ActivationGeometry, activationGeometry, dimensionsOf } from '../analysis/activationGeometry.ts';
import { nullStats } from '../analysis/nullDraws.ts';
import { type NullSamples, isotropicNull, stabilityNulls } from '../analysis/nulls.ts';
import type { Dictionary } from '../analysis/pairMetrics.ts';
import { bestMatchThreshold } from '../analysis/randomBaseline.ts';
import { type PairwiseStat, type StabilityResult, bestMatchCosines, pairwiseStability } from '../analysis/stability.ts';
import { type Histogram, histogram } from '../analysis/stats.ts';
import { type Stat, stabilityReportOf } from './analyze.ts';
import { toDictionary } from './dictionary.ts';
import type { ActivationData, SaeWeights } from '../sae/init.ts';
import type { HistogramData, StabilityBaseline, StabilitySnapshot, StabilityUpdate } from './stabilityViews.ts';

/** Bins of the best-match histograms over [0, 1] (the random baseline's default, so both share their edges). */
export const BEST_MATCH_BINS = 50;

export const histogramData = (h: Histogram): HistogramData => ({ edges: Array.from(h.edges), counts: Array.from(h.counts), total: h.total });

const stat = (s: PairwiseStat): Stat => ({ matrix: s.matrix, mean: s.mean, std: s.std });

export function snapshotOf(r: StabilityResult, phase: StabilitySnapshot['phase'], step: number, seeds: number[]): StabilitySnapshot {
  const n = r.latents.stable[0]?.length ?? 0;
  return {
    phase,
    step,
    seeds,
    pwmccMax: stat(r.pwmccMax),
    pwmccOneToOne: r.pwmccOneToOne && stat(r.pwmccOneToOne),
    sharedFraction: r.sharedFraction && stat(r.sharedFraction),
    sharedThreshold: r.sharedThreshold,
    stableLatents: { perSeed: r.latents.stableCount, threshold: r.latents.threshold[0], n },
    bestMatchHistogram: histogramData(histogram(bestMatchCosines(r.latents), BEST_MATCH_BINS, 0, 1)),
    elapsedMs: r.elapsedMs,
  };
}

/** The live section's chance level from the isotropic null's draws (the same draws the final report summarises). */
export function baselineOf(iso: NullSamples, d: number, n: number): StabilityBaseline {
  const stats = nullStats(iso.draws, 0.7);
  const pairs = iso.draws.flat();
  const all = new Float32Array(pairs.reduce((s, p) => s + p.bestMatches.length, 0)); // every random latent's best match
  let at = 0;
  for (const p of pairs) {
    all.set(p.bestMatches, at);
    at += p.bestMatches.length;
  }
  return {
    d, n, pwmccMax: { mean: stats.pwmccMax.mean, std: stats.pwmccMax.std }, pwmccOneToOne: { mean: stats.pwmccOneToOne.mean, std: stats.pwmccOneToOne.std },
    bestMatchThreshold: bestMatchThreshold(d, n), bestMatchHistogram: histogramData(histogram(all, BEST_MATCH_BINS, 0, 1)),
  };
}

/**
 * When a live update is worth its cost: at most once per `minIntervalMs`, and so that analysis takes at most
 * `share` of the wall time (a slow backend or large SAEs get fewer updates instead of a slower run).
 */
export class LiveCadence {
  private lastEnd = -Infinity;
  private lastCost = 0;

  constructor(private readonly minIntervalMs = 500, private readonly share = 0.2) {}

  due(now = performance.now()): boolean {
    const wait = Math.max(this.minIntervalMs, (this.lastCost * (1 - this.share)) / this.share);
    return now - this.lastEnd >= wait;
  }

  record(started: number, ended = performance.now()): void {
    this.lastCost = ended - started;
    this.lastEnd = ended;
  }
}

/** Isotropic chance per (d, n), computed once per worker: the null is seeded, so its draws never change. */
export class BaselineCache {
  private readonly cache = new Map<string, Promise<NullSamples>>();

  get(d: number, n: number): Promise<NullSamples> {
    const key = `${d}/${n}`;
    if (!this.cache.has(key)) this.cache.set(key, isotropicNull(d, n));
    return this.cache.get(key)!;
  }
}

/** Stability of one SAE run's seeds over its life: chance levels at the start, live updates, final analysis. */
export class StabilityTracker {
  readonly cadence = new LiveCadence();
  private isotropic: NullSamples | null = null;
  private geometry: ActivationGeometry | null = null;
  private initialDicts: Dictionary[] = [];
  private initial: { result: StabilityResult; snapshot: StabilitySnapshot } | null = null;
  private final: { dicts: Dictionary[]; step: number; nulls: Promise<NullSamples[]> } | null = null;

  constructor(
    private readonly seeds: number[],
    private readonly baselines: BaselineCache,
    private readonly send: (u: StabilityUpdate) => void,
  ) {}

  /** `acts` [rows, d]: the activations the SAEs read, whose geometry the data-respecting nulls use at the end. */
  async begin(initial: SaeWeights[], sharedThreshold: number, acts: ActivationData): Promise<void> {
    const started = performance.now();
    const { dIn: d, dSae: n } = initial[0];
    this.initialDicts = initial.map(toDictionary);
    this.geometry = await activationGeometry(acts);
    this.isotropic = await this.baselines.get(d, n);
    this.initial = await this.analyzeInitial(sharedThreshold);
    const activations: ActivationDimensions = dimensionsOf(this.geometry);
    this.send({ kind: 'baseline', baseline: baselineOf(this.isotropic, d, n), initial: this.initial.snapshot, activations });
    this.cadence.record(started);
  }

  /** Max-cosine form only (decoders compared, no matchings): cheap enough to run during training. */
  async live(weights: SaeWeights[], step: number): Promise<void> {
    const started = performance.now();
    const result = await pairwiseStability(weights.map(toDictionary), { maxCosineOnly: true });
    this.send({ kind: 'live', snapshot: snapshotOf(result, 'live', step, this.seeds) });
    this.cadence.record(started);
  }

  /** All three forms for the trained SAEs beside the untrained ones and every null (drawn once per run). */
  async finish(weights: SaeWeights[], step: number, sharedThreshold: number): Promise<void> {
    const dicts = weights.map(toDictionary);
    const nulls = this.geometry && this.isotropic ? stabilityNulls(this.geometry, dicts, { isotropic: this.isotropic }) : Promise.resolve([]);
    this.final = { dicts, step, nulls };
    await this.analyzeFinal(sharedThreshold);
  }

  /** Recomputes the final analysis at another shared-latent threshold (nothing to do before training ends). */
  async reanalyze(sharedThreshold: number): Promise<void> {
    if (this.final) await this.analyzeFinal(sharedThreshold);
  }

  private async analyzeInitial(sharedThreshold: number) {
    const result = await pairwiseStability(this.initialDicts, { sharedThreshold });
    return { result, snapshot: snapshotOf(result, 'initial', 0, this.seeds) };
  }

  private async analyzeFinal(sharedThreshold: number): Promise<void> {
    if (!this.final || !this.geometry || !this.initial) return;
    const started = performance.now();
    const trained = await pairwiseStability(this.final.dicts, { sharedThreshold });
    const snapshot = snapshotOf(trained, 'final', this.final.step, this.seeds);
    if (this.initial.result.sharedThreshold !== sharedThreshold) this.initial = await this.analyzeInitial(sharedThreshold);
    const nulls = await this.final.nulls;
    const report = stabilityReportOf(trained, this.initial.result, nulls, this.geometry, this.final.dicts[0].n, performance.now() - started);
    this.send({ kind: 'final', snapshot, initial: this.initial.snapshot, report });
  }
}
