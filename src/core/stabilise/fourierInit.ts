import type { ActivationData, SaeWeights } from '../sae/init.ts';

/**
 * Fourier initialisation: decoder rows from the transformer's key-frequency directions in activation space.
 *
 * The activations cover every input (a, b) of the p × p grid (src/core/sae/activations.ts: row r is input r mod p²,
 * a = ⌊(r mod p²) / p⌋, b = r mod p). For a key frequency k (src/core/analysis/fourier.ts, from the embedding's
 * spectrum) and an input variable c ∈ {a, b, a + b}, the direction of f(c) = cos(2πk·c/p) (and sin) pushed through
 * the model is the least-squares coefficient of the activations on f over the grid: v = Σ_r f(c_r) · x_r (f sums to
 * zero over the grid, so the mean drops out). Each v is normalised to a unit row. These directions are the same for
 * every seed: a stability gain from them must be read against the shared-initialisation control.
 */

export type FourierVariables = 'all' | 'sum';

export interface FourierDirections {
  /** [m, d] unit rows. */
  directions: Float32Array;
  m: number;
  /** What each row is, e.g. "cos 14(a+b)". */
  labels: string[];
}

/** Rows whose coefficient is this small relative to the largest carry no direction (the model ignores that function). */
const NEGLIGIBLE = 1e-6;

export function fourierDirections(acts: ActivationData, p: number, keys: number[], variables: FourierVariables): FourierDirections {
  const { data, rows, cols: d } = acts;
  const grid = p * p;
  if (rows % grid !== 0) throw new Error(`Fourier initialisation needs activations over the whole p × p grid; ${rows} rows is not a multiple of ${grid}`);
  if (keys.length === 0) throw new Error('Fourier initialisation needs at least one key frequency (the transformer may not have grokked)');
  const inputs: { name: string; of: (a: number, b: number) => number }[] = variables === 'sum'
    ? [{ name: '(a+b)', of: (a, b) => a + b }]
    : [{ name: 'a', of: (a) => a }, { name: 'b', of: (_a, b) => b }, { name: '(a+b)', of: (a, b) => a + b }];
  const raw: { v: Float64Array; label: string }[] = [];
  for (const k of keys) {
    for (const input of inputs) {
      for (const [fname, f] of [['cos', Math.cos], ['sin', Math.sin]] as const) {
        const v = new Float64Array(d);
        for (let r = 0; r < rows; r++) {
          const i = r % grid;
          const w = f((2 * Math.PI * k * (input.of(Math.floor(i / p), i % p) % p)) / p);
          for (let j = 0; j < d; j++) v[j] += w * data[r * d + j];
        }
        raw.push({ v, label: `${fname} ${k}${input.name}` });
      }
    }
  }
  const norms = raw.map(({ v }) => Math.hypot(...v));
  const biggest = Math.max(...norms);
  const kept = raw.filter((_, i) => norms[i] > NEGLIGIBLE * biggest);
  const directions = new Float32Array(kept.length * d);
  kept.forEach(({ v }, i) => {
    const norm = norms[raw.indexOf(kept[i])];
    for (let j = 0; j < d; j++) directions[i * d + j] = v[j] / norm;
  });
  return { directions, m: kept.length, labels: kept.map((x) => x.label) };
}

/**
 * Writes unit `rows` [m, d] into the first min(m, n) decoder rows of `w`, each at the norm that row had (the
 * architecture's initial norm), and keeps the encoder tied (W_enc column i = W_dec row i); the rest stay random.
 */
export function placeDecoderRows(w: SaeWeights, rows: Float32Array, m: number): void {
  const { dIn: d, dSae: n } = w;
  for (let i = 0; i < Math.min(m, n); i++) {
    const norm = Math.hypot(...w.W_dec.subarray(i * d, (i + 1) * d));
    for (let j = 0; j < d; j++) {
      w.W_dec[i * d + j] = rows[i * d + j] * norm;
      w.W_enc[j * n + i] = w.W_dec[i * d + j];
    }
  }
}
