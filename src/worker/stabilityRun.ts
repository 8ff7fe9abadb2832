/**
 * The stability section's work inside the worker (SCIENCE.md §4): chance levels and the untrained SAEs' scores when
 * an SAE run starts, cheap max-cosine updates while it trains (no Hungarian matchings, at a rate that keeps the
 * analysis to a small share of the wall time), and all three forms once it ends or the shared threshold changes.
 */
import { transpose } from '../core/analysis/cosine.ts';
import type { Dictionary } from '../core/analysis/pairMetrics.ts';
import { type RandomBaseline, randomBaseline } from '../core/analysis/randomBaseline.ts';
import { type PairwiseStat, type StabilityResult, bestMatchCosines, pairwiseStability } from '../core/analysis/stability.ts';
import { type Histogram, histogram } from '../core/analysis/stats.ts';
import type { StabilityReport, Stat } from '../core/experiment/analyze.ts';
import type { SaeWeights } from '../core/sae/init.ts';
import type { HistogramData, StabilityBaseline, StabilitySnapshot, StabilityUpdate } from './saeMessages.ts';

/** Bins of the best-match histograms over [0, 1] (the random baseline's default, so both share their edges). */
export const BEST_MATCH_BINS = 50;

export const toDictionary = (w: SaeWeights): Dictionary => ({
  n: w.dSae, d: w.dIn, decoder: w.W_dec, encoder: transpose(w.W_enc, w.dIn, w.dSae),
});

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

export function baselineOf(r: RandomBaseline): StabilityBaseline {
  return {
    d: r.d,
    n: r.n,
    pwmccMax: { mean: r.pwmccMax.mean, std: r.pwmccMax.std },
    pwmccOneToOne: { mean: r.pwmccOneToOne?.mean ?? NaN, std: r.pwmccOneToOne?.std ?? NaN },
    bestMatchThreshold: r.bestMatchThreshold,
    bestMatchHistogram: histogramData(r.bestMatchHistogram),
  };
}

const NO_STAT: Stat = { matrix: [], mean: NaN, std: NaN };

/** The CLI's report.json `stability` object (core/experiment/analyze.ts) from the snapshots the worker already has. */
export function reportOf(final: StabilitySnapshot, initial: StabilitySnapshot, baseline: StabilityBaseline): StabilityReport {
  return {
    pwmccMax: final.pwmccMax,
    pwmccOneToOne: final.pwmccOneToOne ?? NO_STAT,
    sharedFraction: final.sharedFraction ?? NO_STAT,
    sharedThreshold: final.sharedThreshold,
    randomBaseline: {
      d: baseline.d, n: baseline.n, pwmccMax: baseline.pwmccMax, pwmccOneToOne: baseline.pwmccOneToOne,
      bestMatchThreshold: baseline.bestMatchThreshold,
    },
    initial: {
      pwmccMax: initial.pwmccMax, pwmccOneToOne: initial.pwmccOneToOne ?? NO_STAT, sharedFraction: initial.sharedFraction ?? NO_STAT,
    },
    stableLatents: { perSeed: final.stableLatents.perSeed, threshold: final.stableLatents.threshold },
    elapsedMs: final.elapsedMs,
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

/**
 * Random pairs for the baseline of n latents: the CLI's 2 at n ≥ 1,024, where one pair already pins PWMCC to
 * ~0.001; more for small n, whose pair-to-pair spread is larger (σ ≈ 0.005 at d = 32, n = 128) and cheap to sample.
 */
export const baselineTrials = (n: number): number => Math.max(2, Math.min(16, Math.round(2048 / n)));

/** Chance levels per (d, n), computed once per worker: randomBaseline is seeded, so the numbers never change. */
export class BaselineCache {
  private readonly cache = new Map<string, Promise<StabilityBaseline>>();

  get(d: number, n: number): Promise<StabilityBaseline> {
    const key = `${d}/${n}`;
    if (!this.cache.has(key)) this.cache.set(key, randomBaseline(d, n, { trials: baselineTrials(n) }).then(baselineOf));
    return this.cache.get(key)!;
  }
}

/** Stability of one SAE run's seeds over its life: baseline at the start, live updates, final analysis. */
export class StabilityTracker {
  readonly cadence = new LiveCadence();
  private baseline: StabilityBaseline | null = null;
  private initialDicts: Dictionary[] = [];
  private initial: StabilitySnapshot | null = null;
  private final: { dicts: Dictionary[]; step: number } | null = null;

  constructor(
    private readonly seeds: number[],
    private readonly baselines: BaselineCache,
    private readonly send: (u: StabilityUpdate) => void,
  ) {}

  async begin(initial: SaeWeights[], sharedThreshold: number): Promise<void> {
    const started = performance.now();
    this.initialDicts = initial.map(toDictionary);
    this.baseline = await this.baselines.get(initial[0].dIn, initial[0].dSae);
    this.initial = snapshotOf(await pairwiseStability(this.initialDicts, { sharedThreshold }), 'initial', 0, this.seeds);
    this.send({ kind: 'baseline', baseline: this.baseline, initial: this.initial });
    this.cadence.record(started);
  }

  /** Max-cosine form only (decoders compared, no matchings): cheap enough to run during training. */
  async live(weights: SaeWeights[], step: number): Promise<void> {
    const started = performance.now();
    const result = await pairwiseStability(weights.map(toDictionary), { maxCosineOnly: true });
    this.send({ kind: 'live', snapshot: snapshotOf(result, 'live', step, this.seeds) });
    this.cadence.record(started);
  }

  /** All three forms for the trained SAEs, beside the untrained ones at the same threshold. */
  async finish(weights: SaeWeights[], step: number, sharedThreshold: number): Promise<void> {
    this.final = { dicts: weights.map(toDictionary), step };
    await this.analyzeFinal(sharedThreshold);
  }

  /** Recomputes the final analysis at another shared-latent threshold (nothing to do before training ends). */
  async reanalyze(sharedThreshold: number): Promise<void> {
    if (this.final) await this.analyzeFinal(sharedThreshold);
  }

  private async analyzeFinal(sharedThreshold: number): Promise<void> {
    if (!this.final || !this.baseline || !this.initial) return;
    const trained = await pairwiseStability(this.final.dicts, { sharedThreshold });
    const snapshot = snapshotOf(trained, 'final', this.final.step, this.seeds);
    if (this.initial.sharedThreshold !== sharedThreshold) {
      this.initial = snapshotOf(await pairwiseStability(this.initialDicts, { sharedThreshold }), 'initial', 0, this.seeds);
    }
    this.send({ kind: 'final', snapshot, initial: this.initial, report: reportOf(snapshot, this.initial, this.baseline) });
  }
}
