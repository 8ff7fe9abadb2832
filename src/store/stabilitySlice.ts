/**
 * State of the Stability section: the analyses the worker sends for one SAE run (its runId), the max-cosine PWMCC
 * over training for the live chart, and the shared-latent threshold the user asked for.
 */
import type { ActivationDimensions } from '../core/analysis/activationGeometry.ts';
import type { StabilityReport } from '../core/experiment/analyze.ts';
import type { SaeSpec } from '../core/spec/sae.ts';
import type { FromWorker } from '../worker/protocol.ts';
import type { SaeRunInfo, StabilityBaseline, StabilitySnapshot } from '../worker/saeMessages.ts';

export interface StabilityPoint {
  step: number;
  mean: number;
  std: number;
}

export interface StabilityState {
  /** The SAE run these numbers belong to (the SAE slice's runId). */
  runId: number;
  sharedThreshold: number;
  /** Isotropic chance (from the start of the run); the other nulls are in `report`. */
  baseline: StabilityBaseline | null;
  /** The effective dimensionality of the activations the SAEs read. */
  activations: ActivationDimensions | null;
  /** The untrained SAEs (recomputed with the final analysis when the threshold changes). */
  initial: StabilitySnapshot | null;
  /** The newest analysis of the trained SAEs: live (max-cosine only) during training, then final. */
  latest: StabilitySnapshot | null;
  /** PWMCC, max-cosine form, over SAE training steps (untrained at step 0). */
  history: StabilityPoint[];
  report: StabilityReport | null;
  /** A new threshold was sent and its analysis has not come back yet. */
  computing: boolean;
  error: string | null;
}

export const DEFAULT_SHARED_THRESHOLD = 0.7;

export function initialStability(): StabilityState {
  return {
    runId: 0, sharedThreshold: DEFAULT_SHARED_THRESHOLD, baseline: null, activations: null, initial: null, latest: null, history: [], report: null,
    computing: false, error: null,
  };
}

/** Empties the section for the SAE run `runId` (the threshold stays). */
export function clearedStability(state: StabilityState, runId: number): StabilityState {
  return { ...initialStability(), runId, sharedThreshold: state.sharedThreshold };
}

const pointOf = (s: StabilitySnapshot): StabilityPoint => ({ step: s.step, mean: s.pwmccMax.mean, std: s.pwmccMax.std });

/** Adds or replaces the point of `s.step` (the final analysis repeats the last live step, threshold changes too). */
function withPoint(history: StabilityPoint[], s: StabilitySnapshot): StabilityPoint[] {
  return [...history.filter((p) => p.step !== s.step), pointOf(s)].sort((a, b) => a.step - b.step);
}

export function stabilityReceive(state: StabilityState, msg: FromWorker): StabilityState {
  if (!('section' in msg) || msg.section !== 'stability' || msg.runId !== state.runId) return state;
  if (msg.type === 'error') return { ...state, computing: false, error: msg.message };
  if (msg.type !== 'stability') return state;
  const u = msg.update;
  switch (u.kind) {
    case 'baseline':
      return { ...state, baseline: u.baseline, activations: u.activations, initial: u.initial, history: withPoint(state.history, u.initial) };
    case 'live':
      return { ...state, latest: u.snapshot, history: withPoint(state.history, u.snapshot) };
    case 'final': {
      const current = u.snapshot.sharedThreshold === state.sharedThreshold;
      return {
        ...state, latest: u.snapshot, initial: u.initial, report: u.report, history: withPoint(state.history, u.snapshot),
        computing: !current, error: null,
      };
    }
  }
}

/**
 * The JSON a user downloads: report.json's `stability` (every null and the verdict in it) and `activations`, with the
 * settings and histograms that go with them.
 */
export function stabilityExport(state: StabilityState, spec: SaeSpec | null, info: SaeRunInfo | null): object | null {
  if (!state.report || !state.latest) return null;
  return {
    kind: 'sae-stability-lab/stability',
    version: 1,
    saes: spec,
    source: info,
    activations: state.activations,
    stability: state.report,
    stableLatents: state.latest.stableLatents,
    bestMatchHistograms: { trained: state.latest.bestMatchHistogram, random: state.baseline?.bestMatchHistogram ?? null },
    pwmccMaxOverTraining: state.history,
  };
}
