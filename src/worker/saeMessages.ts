/**
 * Payloads of the SAE and stability messages of protocol.ts: plain data only (numbers, arrays, typed arrays), so
 * the page can import these types without pulling any tensor code into its bundle. The analyses' own shapes live
 * with the analyses in core/experiment and are re-exported here for the page.
 */
import type { SaePosition } from '../core/spec/sae.ts';

export type { SaeFile } from '../core/experiment/saeExport.ts';
export type { HistogramData, StabilityBaseline, StabilitySnapshot, StabilityUpdate } from '../core/experiment/stabilityViews.ts';

/** What an SAE run trains on, reported once its activations are collected. */
export interface SaeRunInfo {
  /** The transformer run (page runId) and step whose activations were read: the SAEs go stale when either moves. */
  transformerRunId: number;
  transformerStep: number;
  hookName: string;
  position: SaePosition;
  dIn: number;
  nLatents: number;
  /** Activation rows per epoch (p² inputs, × 3 for `all` positions). */
  rows: number;
  stepsPerEpoch: number;
  totalSteps: number;
  seeds: number[];
  /** How the seeds share the device: one batched computation or one per seed in turn. */
  grouping: 'batched' | 'lockstep';
}
