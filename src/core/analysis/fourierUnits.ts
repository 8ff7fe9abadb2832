import { type FourierBasis, fourierBasis, frequencyOfRow } from './fourier.ts';

/**
 * Spectra of units (MLP neurons, SAE latents) over the p x p input grid (SCIENCE.md §2). A unit's activation
 * A[a, b] over all inputs (row-major, a = first operand) is centred and expanded in the 2-D Fourier basis,
 * Â = F A Fᵀ; the fraction of the unit explained by frequency k is the energy of Â in rows/columns
 * {0, cos_k, sin_k} x {0, cos_k, sin_k} without (0, 0), over the total energy. A unit whose best fraction is >= 0.85
 * (Nanda et al.'s cluster threshold) is a "frequency-k unit".
 */

/**
 * Nanda et al.'s cluster threshold. Caveat for rectified units (SAE latents, sparse neurons): a half-wave rectified
 * wave max(0, cos θ) puts only (1/8) / (1/4 - 1/π²) = 0.84 of its energy at k (the rest mostly at 2k), and a unit
 * that fires on a narrower band less still, so a sparse latent that is a clean function of one frequency can miss it.
 * SAE latents are therefore judged on their pre-activation (latentFourier.ts); neurons keep the paper's test.
 */
export const FOURIER_UNIT_THRESHOLD = 0.85;

export interface UnitSpectrum {
  p: number;
  /** [p, p] Â = F (A - mean) Fᵀ: row r is a's basis row r, column c is b's basis row c (labels: fourierBasis). */
  hat: Float64Array;
  /** fractions[k-1]: share of the centred energy explained by frequency k. */
  fractions: Float64Array;
  /** Centred energy ||A - mean||² (0 for a dead or constant unit). */
  energy: number;
  /** Frequency with the largest fraction (0 when energy is 0). */
  dominant: number;
  dominantFraction: number;
}

/** The full 2-D spectrum of one unit (O(p³); for the explorer's heatmap). */
export function unitSpectrum(activation: ArrayLike<number>, p: number, basis: FourierBasis = fourierBasis(p)): UnitSpectrum {
  const F = basis.matrix;
  const centred = centre(activation, 0, p * p);
  const x = new Float64Array(p * p); // [a, c] = Σ_b A[a, b] F[c, b]
  for (let a = 0; a < p; a++) {
    for (let c = 0; c < p; c++) {
      let s = 0;
      for (let b = 0; b < p; b++) s += centred[a * p + b] * F[c * p + b];
      x[a * p + c] = s;
    }
  }
  const hat = new Float64Array(p * p); // [r, c] = Σ_a F[r, a] X[a, c]
  for (let r = 0; r < p; r++) {
    for (let a = 0; a < p; a++) {
      const f = F[r * p + a];
      for (let c = 0; c < p; c++) hat[r * p + c] += f * x[a * p + c];
    }
  }
  const blockEnergy = new Float64Array(basis.nFreq + 1);
  let energy = 0;
  for (let r = 0; r < p; r++) {
    for (let c = 0; c < p; c++) {
      const e = hat[r * p + c] ** 2;
      energy += e;
      const kr = frequencyOfRow(r);
      const kc = frequencyOfRow(c);
      if (kr === 0 && kc === 0) continue;
      if (kr === 0 || kc === 0 || kr === kc) blockEnergy[Math.max(kr, kc)] += e;
    }
  }
  const fractions = Float64Array.from({ length: basis.nFreq }, (_, i) => (energy > 0 ? blockEnergy[i + 1] / energy : 0));
  return { p, hat, fractions, energy, ...dominantOf(fractions) };
}

function centre(values: ArrayLike<number>, offset: number, length: number): Float64Array {
  let mean = 0;
  for (let i = 0; i < length; i++) mean += values[offset + i];
  mean /= length;
  return Float64Array.from({ length }, (_, i) => values[offset + i] - mean);
}

function dominantOf(fractions: ArrayLike<number>): { dominant: number; dominantFraction: number } {
  let dominant = 0;
  let dominantFraction = 0;
  for (let k = 1; k <= fractions.length; k++) {
    if (fractions[k - 1] > dominantFraction) {
      dominant = k;
      dominantFraction = fractions[k - 1];
    }
  }
  return { dominant, dominantFraction };
}

export interface UnitSpectra {
  p: number;
  nUnits: number;
  nFreq: number;
  /** [nUnits, nFreq]: fractions[u * nFreq + k - 1] for frequency k. */
  fractions: Float32Array;
  /** [nUnits] centred energy. */
  energy: Float32Array;
  /** [nUnits] dominant frequency (0 for a dead or constant unit) and its fraction. */
  dominant: Int32Array;
  dominantFraction: Float32Array;
}

/**
 * Per-frequency fractions of many units in O(p²) each, without forming Â. The span of
 * {0, cos_k, sin_k} x {0, cos_k, sin_k} minus (0, 0) is spanned by the complex exponentials at (0, ±k), (±k, 0),
 * (±k, ±k) and (±k, ∓k), and for a real unit their energies are (2/p²)|DFT_k|² of the column sums, the row sums,
 * the sums along a + b = s and the sums along a - b = t (mod p). `activations` is [nUnits, p²] (unit-major), or
 * [p², nUnits] with `inputMajor` (the layout of a hook's activations over the input batch).
 */
export function unitSpectra(activations: ArrayLike<number>, nUnits: number, p: number, inputMajor = false): UnitSpectra {
  const P = p * p;
  if (activations.length !== nUnits * P) throw new Error(`activations have ${activations.length} entries, expected ${nUnits} x ${P}`);
  const nFreq = (p - 1) / 2;
  const { cosTab, sinTab } = trigTables(p, nFreq);
  const fractions = new Float32Array(nUnits * nFreq);
  const energy = new Float32Array(nUnits);
  const dominant = new Int32Array(nUnits);
  const dominantFraction = new Float32Array(nUnits);
  const unit = new Float64Array(P);
  const sums = new Float64Array(4 * p); // [rows | cols | a+b | a-b]
  const frac = new Float64Array(nFreq);
  for (let u = 0; u < nUnits; u++) {
    let mean = 0;
    for (let i = 0; i < P; i++) mean += unit[i] = inputMajor ? activations[i * nUnits + u] : activations[u * P + i];
    mean /= P;
    sums.fill(0);
    let e = 0;
    for (let a = 0; a < p; a++) {
      for (let b = 0; b < p; b++) {
        const v = unit[a * p + b] - mean;
        e += v * v;
        sums[a] += v;
        sums[p + b] += v;
        sums[2 * p + ((a + b) % p)] += v;
        sums[3 * p + ((a - b + p) % p)] += v;
      }
    }
    energy[u] = e;
    for (let k = 1; k <= nFreq; k++) {
      let blockEnergy = 0;
      for (let part = 0; part < 4; part++) {
        let re = 0;
        let im = 0;
        for (let x = 0; x < p; x++) {
          re += sums[part * p + x] * cosTab[k * p + x];
          im += sums[part * p + x] * sinTab[k * p + x];
        }
        blockEnergy += re * re + im * im;
      }
      frac[k - 1] = e > 0 ? (2 * blockEnergy) / (P * e) : 0;
      fractions[u * nFreq + k - 1] = frac[k - 1];
    }
    const best = dominantOf(frac);
    dominant[u] = best.dominant;
    dominantFraction[u] = best.dominantFraction;
  }
  return { p, nUnits, nFreq, fractions, energy, dominant, dominantFraction };
}

function trigTables(p: number, nFreq: number): { cosTab: Float64Array; sinTab: Float64Array } {
  const cosTab = new Float64Array((nFreq + 1) * p); // [k, x] = cos(2πkx/p)
  const sinTab = new Float64Array((nFreq + 1) * p);
  for (let k = 0; k <= nFreq; k++) {
    for (let x = 0; x < p; x++) {
      cosTab[k * p + x] = Math.cos((2 * Math.PI * ((k * x) % p)) / p);
      sinTab[k * p + x] = Math.sin((2 * Math.PI * ((k * x) % p)) / p);
    }
  }
  return { cosTab, sinTab };
}

export interface FrequencyCluster {
  frequency: number;
  /** Units whose dominant frequency is this one with fraction >= threshold. */
  units: number[];
}

/** Units grouped by dominant frequency (fraction >= threshold), ascending by frequency; the rest in `other`. */
export function neuronClusters(spectra: UnitSpectra, threshold = FOURIER_UNIT_THRESHOLD): { clusters: FrequencyCluster[]; other: number[] } {
  const byFrequency = new Map<number, number[]>();
  const other: number[] = [];
  for (let u = 0; u < spectra.nUnits; u++) {
    if (spectra.dominant[u] > 0 && spectra.dominantFraction[u] >= threshold) {
      const k = spectra.dominant[u];
      if (!byFrequency.has(k)) byFrequency.set(k, []);
      byFrequency.get(k)!.push(u);
    } else other.push(u);
  }
  const clusters = [...byFrequency.entries()].sort((x, y) => x[0] - y[0]).map(([frequency, units]) => ({ frequency, units }));
  return { clusters, other };
}

/**
 * A frequency counts as one the neurons cluster on when its cluster holds at least this share of the MLP neurons:
 * a lone single-frequency neuron is no evidence that the model computes with that frequency (a grokked model has tens
 * of neurons per key frequency, and an untrained one none at all; docs/metrics.md).
 */
export const MIN_NEURON_CLUSTER_SHARE = 0.02;

/** The embedding's key frequencies against the frequencies the MLP neurons cluster on. */
export interface KeyFrequencyCheck {
  /** Frequencies whose cluster holds ≥ minClusterShare of the neurons, ascending. */
  neuronFrequencies: number[];
  /** Every cluster's size, ascending by frequency (small ones included). */
  clusterSizes: { frequency: number; neurons: number }[];
  minClusterShare: number;
  /** Key frequencies without a neuron cluster, and neuron frequencies that are not key. */
  onlyEmbedding: number[];
  onlyNeurons: number[];
  agree: boolean;
  /** The comparison in one sentence. */
  note: string;
}

export function checkKeyFrequencies(
  keyFrequencies: number[], clusters: FrequencyCluster[], nNeurons: number, minClusterShare = MIN_NEURON_CLUSTER_SHARE,
): KeyFrequencyCheck {
  const clusterSizes = clusters.map((c) => ({ frequency: c.frequency, neurons: c.units.length }));
  const neuronFrequencies = clusterSizes.filter((c) => c.neurons > 0 && c.neurons >= minClusterShare * nNeurons).map((c) => c.frequency);
  const onlyEmbedding = keyFrequencies.filter((k) => !neuronFrequencies.includes(k));
  const onlyNeurons = neuronFrequencies.filter((k) => !keyFrequencies.includes(k));
  const agree = onlyEmbedding.length === 0 && onlyNeurons.length === 0;
  const list = (ks: number[]) => (ks.length > 0 ? ks.join(', ') : 'none');
  const note = agree
    ? keyFrequencies.length > 0
      ? `The MLP neurons cluster on the same frequencies as the embedding: ${list(keyFrequencies)}.`
      : 'Neither the embedding nor the MLP neurons single out a frequency.'
    : `The embedding's key frequencies (${list(keyFrequencies)}) and the frequencies the MLP neurons cluster on (${list(neuronFrequencies)}) ` +
      `disagree: only in the embedding ${list(onlyEmbedding)}; only in the neurons ${list(onlyNeurons)}.`;
  return { neuronFrequencies, clusterSizes, minClusterShare, onlyEmbedding, onlyNeurons, agree, note };
}

/**
 * Â [p, p] (rows: basis of a, columns: basis of b; row 0 constant, rows 2k−1 and 2k cos/sin k) folded into
 * frequency blocks [(nFreq + 1)²], each the share of `energy` it holds. All zeros for a constant unit.
 */
export function blockShares(hat: ArrayLike<number>, p: number, energy: number): number[] {
  const n = (p - 1) / 2 + 1;
  const out = new Array<number>(n * n).fill(0);
  if (!(energy > 0)) return out;
  for (let r = 0; r < p; r++) {
    for (let c = 0; c < p; c++) out[Math.ceil(r / 2) * n + Math.ceil(c / 2)] += hat[r * p + c] ** 2 / energy;
  }
  return out;
}
