/**
 * Does a run show grokking rather than plain learning? The teaching preset's criterion (issue 15): train accuracy
 * reaches 0.99 at step m, test accuracy stays below 0.6 until at least 3m, then reaches 0.99. Read from evaluations
 * (resolution: evalEvery), so m is the first evaluated step at 0.99.
 */
import { GROK_ACCURACY } from './loop.ts';

export const MEMORISED_ACCURACY = 0.99;
/** Test accuracy that counts as "generalising" for the plateau's end. */
export const PLATEAU_TEST_ACCURACY = 0.6;
/** The plateau must last at least this many times the memorisation time. */
export const PLATEAU_RATIO = 3;

export interface GrokDelay {
  /** m: first evaluated step with train accuracy ≥ 0.99 (null: never). */
  memorisedAt: number | null;
  /** First evaluated step with test accuracy ≥ 0.6. */
  plateauEndsAt: number | null;
  /** First evaluated step with test accuracy ≥ 0.99. */
  grokkedAt: number | null;
  /** plateauEndsAt / memorisedAt. */
  ratio: number | null;
  /** Memorised, plateau ≥ 3m, then grokked. */
  holds: boolean;
}

export function grokDelay(points: readonly { step: number; trainAcc: number; testAcc: number }[]): GrokDelay {
  const first = (ok: (p: (typeof points)[number]) => boolean) => points.find(ok)?.step ?? null;
  const memorisedAt = first((p) => p.trainAcc >= MEMORISED_ACCURACY);
  const plateauEndsAt = first((p) => p.testAcc >= PLATEAU_TEST_ACCURACY);
  const grokkedAt = first((p) => p.testAcc >= GROK_ACCURACY);
  const ratio = memorisedAt && plateauEndsAt !== null ? plateauEndsAt / memorisedAt : null;
  const holds = memorisedAt !== null && plateauEndsAt !== null && grokkedAt !== null && plateauEndsAt >= PLATEAU_RATIO * memorisedAt;
  return { memorisedAt, plateauEndsAt, grokkedAt, ratio, holds };
}
