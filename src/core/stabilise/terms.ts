import * as tf from '../tf.ts';

/**
 * The stabilisers' loss terms as functions of tensors (weights stacked on a leading seed axis, as the SAE trainer
 * holds them). Every term is a per-seed quantity summed over the seeds of a group — the convention of the SAE losses
 * (src/core/sae/architectures.ts) — so that seeds stay independent unless a term couples them on purpose (mutual).
 * The coefficient α is applied by the caller (methods.ts). Tests hold each to a float64 finite-difference reference.
 */

/** Keeps a row's direction finite at zero norm (a dead decoder row is not a direction). */
const NORM_EPS = 1e-12;

/** Rows scaled to unit norm: [..., d] → [..., d]. */
export function unitRows(w: tf.Tensor): tf.Tensor {
  return tf.div(w, tf.sqrt(tf.add(tf.sum(tf.square(w), -1, true), NORM_EPS)));
}

/** Per seed, mean over its latents of the best |cos| with any row of b: a [S, n, d], b [S or 1, m, d] unit rows → [S]. */
function meanBestAbsCos(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const [S] = a.shape;
  const bs = b.shape[0] === S ? b : tf.tile(b, [S, 1, 1]);
  const cos = tf.matMul(a, bs, false, true); // [S, n, m]
  return tf.mean(tf.max(tf.abs(cos), 2), 1); // [S]
}

/**
 * Consistency to a reference decoder (the plan's `train_with_consistency`), matching by **max cosine**: each latent
 * is scored by its best |cos| with any reference row (matches may repeat, as in PWMCC's max-cosine form), the argmax
 * re-chosen every step on the device without a host round trip. Term = Σ_s (1 − mean_i max_j |cos(d_si, r_sj)|).
 * Wdec [S, n, d]; reference [m, d] (one for every seed) or [S, m, d] (each seed its own); any row norms.
 */
export function consistencyTerm(Wdec: tf.Tensor, reference: tf.Tensor): tf.Scalar {
  const [S] = Wdec.shape;
  const ref = unitRows(reference.rank === 2 ? reference.reshape([1, ...reference.shape]) : reference);
  return tf.sub(S, tf.sum(meanBestAbsCos(unitRows(Wdec), ref))) as tf.Scalar;
}

/**
 * Alignment to fixed matched targets (alignment during training): targets [S, n, d] hold, for each latent, its
 * one-to-one (Hungarian) partner in the reference times the sign of their cosine, as unit rows; mask [S, n, 1] is 1
 * where a latent has a partner. Term = Σ_s mean_i mask_si · ||d̂_si − t_si||² — pulls each unit decoder row onto
 * its matched reference row (= 2 (1 − cos) per matched latent).
 */
export function alignmentTerm(Wdec: tf.Tensor, targets: tf.Tensor, mask: tf.Tensor): tf.Scalar {
  const n = Wdec.shape[1]!;
  const diff = tf.mul(tf.sub(unitRows(Wdec), targets), mask); // [S, n, d]
  return tf.div(tf.sum(tf.square(diff)), n) as tf.Scalar;
}

/**
 * Mutual feature regularisation (after Marks et al. 2024): the SAEs of one group are pushed to agree. For each seed
 * s, the mean over the other seeds s' of (1 − mean_i max_j |cos(d_si, d_s'j)|), summed over s: each SAE's latents
 * are pulled towards their best match in every partner. Needs S ≥ 2. Wdec [S, n, d].
 */
export function mutualTerm(Wdec: tf.Tensor): tf.Scalar {
  const S = Wdec.shape[0]!;
  if (S < 2) throw new Error('mutual feature regularisation needs at least 2 SAEs trained together');
  const u = unitRows(Wdec);
  const terms: tf.Tensor[] = [];
  for (let shift = 1; shift < S; shift++) {
    // Partner s' = (s + shift) mod S for every s at once: S − 1 rolls cover every ordered pair.
    const partner = tf.concat([u.slice([shift, 0, 0], [S - shift, -1, -1]), u.slice([0, 0, 0], [shift, -1, -1])], 0);
    terms.push(tf.sub(1, meanBestAbsCos(u, partner))); // [S]
  }
  return tf.div(tf.sum(tf.addN(terms)), S - 1) as tf.Scalar;
}

/**
 * Tied-weight penalty (keeps the aligned initialisation W_enc = W_decᵀ): Σ_s (1/n) Σ_i ||W_enc[:, i] − W_dec[i]||².
 * Wenc [S, d, n], Wdec [S, n, d].
 */
export function tiedTerm(Wenc: tf.Tensor, Wdec: tf.Tensor): tf.Scalar {
  const n = Wdec.shape[1]!;
  return tf.div(tf.sum(tf.square(tf.sub(tf.transpose(Wenc, [0, 2, 1]), Wdec))), n) as tf.Scalar;
}
