/** An SAE's decoder and encoder as the stability measures read them: one definition for page and CLI. */
import { transpose } from '../analysis/cosine.ts';
import type { Dictionary } from '../analysis/pairMetrics.ts';
import type { SaeWeights } from '../sae/init.ts';

/** decoder [n, d] = W_dec; encoder [n, d] = W_encᵀ (W_enc is [d, n]). */
export const toDictionary = (w: SaeWeights): Dictionary => ({ n: w.dSae, d: w.dIn, decoder: w.W_dec, encoder: transpose(w.W_enc, w.dIn, w.dSae) });
