import type { ExperimentSpec } from '../spec/experiment.ts';
import type { ComparisonResult, StabiliseBlock } from './comparison.ts';

/**
 * A comparison run as a file (stabilise.json): what `npm run stabilise` writes and the page's Stabilise section
 * downloads, so `npm run report -- DIR --stabilisers FILE` reads either.
 */
export interface StabiliseRecord extends ComparisonResult {
  /** The experiment (transformer + saes) with the methods compared as its `stabilise` block. */
  spec: ExperimentSpec & { stabilise: StabiliseBlock };
  backend: string;
  /** The transformer's key frequencies (Fourier initialisation, the Fourier share of the price). */
  keyFrequencies: number[];
  /** The page's transformer step whose activations were read (absent from the CLI: its transformer is finished). */
  transformerStep?: number;
  /** A stopped run: the planned arms it did not train (its table shows the others). */
  missing?: string[];
}

/** A page run's record as the notebook stores it (its run's summary): whether it was stopped, and its steps. */
export interface StabiliseSummary extends StabiliseRecord {
  stopped: boolean;
  /** Training steps done (carried arms included). */
  steps: number;
  missing: string[];
}

/** Methods that cannot run on this transformer, with why (Fourier initialisation needs key frequencies). */
export function unrunnable(block: StabiliseBlock, keyFrequencies: number[]): { block: StabiliseBlock; dropped: string | null } {
  if (keyFrequencies.length > 0 || !block.methods.some((m) => m.method === 'fourierInit')) return { block, dropped: null };
  return { block: { methods: block.methods.filter((m) => m.method !== 'fourierInit') }, dropped: 'no key frequencies: fourierInit left out' };
}
