import { matMulTransposedJs, normalizeRows } from '../analysis/cosine.ts';
import { maximizeAssignment } from '../analysis/hungarian.ts';

/** The one-to-one partners of a decoder's latents in a reference decoder, as targets for alignmentTerm. */
export interface MatchedTargets {
  /** [n, d]: latent i's target, sign(cos) × its partner's unit row; zeros for a latent left without a partner. */
  targets: Float32Array;
  /** [n]: 1 where latent i has a partner (all of them unless the reference has fewer rows). */
  mask: Float32Array;
  /** [n]: the partner's row in the reference, −1 for none. */
  partner: Int32Array;
  /** Mean |cos| over the matched pairs (PW-MCC, one-to-one form, of the two decoders). */
  meanAbsCos: number;
}

/**
 * Matches decoder [n, d] one-to-one to reference [m, d] by the Hungarian (Jonker–Volgenant) assignment that
 * maximises the summed |cos| — the matching of PW-MCC's one-to-one form (src/core/analysis/hungarian.ts).
 */
export function matchToReference(decoder: ArrayLike<number>, n: number, reference: ArrayLike<number>, m: number, d: number): MatchedTargets {
  const a = normalizeRows(decoder, n, d);
  const r = normalizeRows(reference, m, d);
  const cos = matMulTransposedJs(a, r, n, m, d); // [n, m], signed
  const abs = cos.map(Math.abs);
  const { rowToCol, total } = maximizeAssignment(abs, n, m);
  const targets = new Float32Array(n * d);
  const mask = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const j = rowToCol[i];
    if (j < 0) continue;
    const sign = cos[i * m + j] < 0 ? -1 : 1;
    for (let k = 0; k < d; k++) targets[i * d + k] = sign * r[j * d + k];
    mask[i] = 1;
  }
  return { targets, mask, partner: rowToCol, meanAbsCos: total / Math.min(n, m) };
}
