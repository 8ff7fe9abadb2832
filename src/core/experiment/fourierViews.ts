/**
 * Payloads of the Fourier section's messages in protocol.ts: plain numbers and arrays only, so the page can import
 * these types without any tensor code. Definitions follow SCIENCE.md §2 and docs/metrics.md ("Fourier").
 */

/** A neuron or attention head picked on the page for the detailed views. */
export interface FourierSelection {
  neuron: number;
  head: number;
}

/** Neurons that share a dominant frequency with an explained fraction ≥ the cluster threshold (0.85). */
export interface NeuronCluster {
  frequency: number;
  units: number[];
}

/** The Fourier analysis of the transformer at one training step, computed over all p² inputs. */
export interface FourierSnapshot {
  step: number;
  p: number;
  /** The block whose MLP neurons and attention are analysed (the last one; Nanda's model has one). */
  layer: number;
  dMlp: number;
  nHeads: number;
  // ---- embedding spectrum (W_E of the p number tokens in the Fourier basis)
  /** ‖Ŵ_E[cos_k]‖² + ‖Ŵ_E[sin_k]‖² for k = 1..(p−1)/2 (index k − 1). */
  embeddingNorms: number[];
  /** ‖Ŵ_E[const]‖²: the part every token shares. */
  embeddingConstant: number;
  /** ‖W_E[0:p]‖² = constant + Σ_k norms (Parseval). */
  embeddingTotal: number;
  /** Key frequencies, low harmonics of a stronger key frequency left out (docs/metrics.md). */
  keyFrequencies: number[];
  /** Σ over key frequencies of their norm / embeddingTotal. */
  keyFraction: number;
  /** Candidates left out as harmonics: frequency ≡ ±order·of (mod p), at `ratio` of its fundamental's norm. */
  harmonics: { frequency: number; of: number; order: number; ratio: number }[];
  /** The key frequencies against the frequencies the neurons cluster on (clusters of ≥ 2 % of the neurons). */
  neuronCheck: { neuronFrequencies: number[]; onlyEmbedding: number[]; onlyNeurons: number[]; agree: boolean; note: string };
  // ---- MLP neurons at the '=' position, each over the p × p grid of inputs
  /** Per neuron: the frequency with the largest explained fraction (0 for a neuron constant over all inputs). */
  dominant: number[];
  /** Per neuron: that fraction of its centred energy. */
  dominantFraction: number[];
  /** Neurons with fraction ≥ threshold, grouped by dominant frequency, ascending. */
  clusters: NeuronCluster[];
  /** Neurons that vary over the inputs but are below the threshold. */
  other: number[];
  /** Neurons constant over every input (most often never active). */
  constant: number[];
  clusterThreshold: number;
  // ---- attention from the '=' position
  /** attention[h] = [to a, to b, to =], each averaged over all p² inputs. */
  attention: number[][];
  // ---- progress measures (Nanda et al.), with the key frequencies of this snapshot
  /** Cross-entropy on the test pairs of the logits kept to the key-frequency directions (+ per-output means). */
  restrictedLoss: number;
  /** Cross-entropy on the training pairs of the logits with the key-frequency directions removed. */
  excludedLoss: number;
  /** Wall time of the analysis in the worker (forward pass, reads, arithmetic). */
  elapsedMs: number;
}

/** The detailed views of one neuron and one head at a snapshot's step. */
export interface FourierDetail {
  step: number;
  p: number;
  neuron: number;
  /** [p × p] row-major: activation[a * p + b] of the neuron at the '=' position for input (a, b). */
  activation: number[];
  /**
   * [(nFreq + 1) × (nFreq + 1)] row-major: share of the neuron's centred energy in the 2-D Fourier block
   * (frequency of a, frequency of b), 0 = constant; each block sums its cos and sin rows and columns.
   */
  spectrum: number[];
  /** Explained fraction per frequency k (index k − 1): the blocks (0, k), (k, 0) and (k, k) together. */
  fractions: number[];
  dominant: number;
  dominantFraction: number;
  head: number;
  /** [p × p] row-major: the head's attention from '=' to the token a, for input (a, b). */
  attentionToA: number[];
}
