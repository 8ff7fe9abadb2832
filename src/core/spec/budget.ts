import { SpecError } from './fields.ts';
import type { TransformerSpec } from './transformer.ts';

/**
 * A memory bound on whole specs. Every field has bounds, but the maxima together ask for absurd sizes (p = 257,
 * d_mlp = 2048, two layers and 95 % training pairs need ~100 GiB for a full-batch step; 64 × 2048 = 131,072
 * latents per SAE make a 64 GiB cosine matrix per seed pair). Such a spec would not fail politely: wasm memory is
 * capped at 4 GB and a tab that runs out of memory crashes. So validation (page, links and CLI alike: the CLI runs
 * the same tfjs core on wasm/cpu) estimates the float32 working set of a run and refuses specs above
 * MAX_WORKING_FLOATS.
 *
 * The estimates are deliberately coarse upper bounds (tests/core/spec/budget.test.ts checks the transformer's
 * against tf.profile's measured peak): they decide what is refused, not what is allocated.
 */

/**
 * 3 GiB of float32 values: below wasm's 4 GB address space with room for the page's own copies; 3x the nanda
 * preset's estimate (0.9 GiB) and above nanda at 95 % training pairs (2.7 GiB).
 */
export const MAX_WORKING_FLOATS = 3 * 2 ** 28;

/** Parameters of the transformer (the same count as weights.ts `countParameters`, kept here to avoid a cycle). */
function parameterCount(s: TransformerSpec): number {
  const perLayer = 4 * s.dModel * s.dModel + 2 * s.dModel * s.dMlp + s.dMlp + s.dModel;
  return (s.p + 1) * s.dModel + 3 * s.dModel + s.nLayers * perLayer + s.dModel * s.p;
}

/** float32 values one input [a, b, =] keeps alive through the forward pass, every position of every layer. */
function floatsPerExample(s: TransformerSpec): number {
  const perPosition = 3 * s.dModel /* q, k, v */ + 3 * s.nHeads /* scores */ + 5 * s.dModel /* z, attn out, mid, mlp out, post */ + 2 * s.dMlp /* pre, post */;
  return 3 * (s.p + 1) /* one-hot tokens */ + 6 * s.dModel /* embed, resid_pre */ + s.nLayers * 3 * perPosition + 2 * s.p /* logits, softmax */;
}

/**
 * Estimated float32 working set of full-batch training: the forward activations of every training pair, kept on
 * the gradient tape with every op's temporaries (transposes, broadcasts, masks) and their gradients, counted as
 * 8 × the forward (a step's measured peak on the cpu backend is 50–80 % of this), plus weights, gradients and
 * AdamW moments.
 */
export function transformerWorkingFloats(s: TransformerSpec): number {
  const nTrain = Math.floor(s.trainFraction * s.p * s.p);
  return 8 * nTrain * floatsPerExample(s) + 6 * parameterCount(s);
}

/** What an SAE run's memory depends on (computed by the SAE spec from the transformer it reads). */
export interface SaeShape {
  /** Activation rows: p² inputs, three times over for `all` positions. */
  rows: number;
  dIn: number;
  latents: number;
  seeds: number;
  batchSize: number;
}

/**
 * Estimated float32 working set of an SAE run: the activation set (device, host and scaled copies), every seed's
 * weights with gradients and Adam moments, a training batch's latent activations and their gradients for every
 * seed, the chunked evaluation (2^23 latent activations at a time), and the stability analysis' latent × latent
 * cosine matrix for a pair of seeds (float64 in the assignment solver).
 */
export function saeWorkingFloats(x: SaeShape): number {
  const activations = 3 * x.rows * x.dIn;
  const weights = 5 * x.seeds * (2 * x.dIn * x.latents + x.latents + x.dIn);
  const batch = Math.min(x.batchSize, x.rows);
  const step = x.seeds * batch * (6 * x.latents + 4 * x.dIn);
  const evaluation = 4 * 2 ** 23;
  const stability = 3 * x.latents * x.latents;
  return activations + weights + step + evaluation + stability;
}

const gib = (floats: number): string => `${((floats * 4) / 2 ** 30).toFixed(1)} GiB`;

export function checkTransformerBudget(s: TransformerSpec, path: string): void {
  const need = transformerWorkingFloats(s);
  if (need > MAX_WORKING_FLOATS) {
    throw new SpecError(
      `${path} needs about ${gib(need)} of memory to train (limit ${gib(MAX_WORKING_FLOATS)}): lower p, trainFraction, dMlp, dModel or nLayers`,
    );
  }
}

export function checkSaeBudget(x: SaeShape, path: string): void {
  const need = saeWorkingFloats(x);
  if (need > MAX_WORKING_FLOATS) {
    throw new SpecError(
      `${path} needs about ${gib(need)} of memory to train (limit ${gib(MAX_WORKING_FLOATS)}, ${x.latents} latents × ${x.seeds} seeds): lower expansion, seeds or batchSize`,
    );
  }
}
