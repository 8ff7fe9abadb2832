import type * as tf from '../tf.ts';

/**
 * The latents that may be dead for AuxK at a step, known on the host without waiting for the device. A latent is
 * dead when it fired on none of the last `window` training rows. The host keeps a snapshot of the rows-since-fired
 * counts, read asynchronously after some earlier step; a count grows by at most `maxRowsPerStep` per step, so every
 * latent whose count could have reached the window since the snapshot is a candidate. The candidates are a superset
 * of the dead latents at any step, however late the snapshot: AuxK over them equals AuxK over all latents. On wasm
 * and cpu a read completes at once, so the candidates are then exactly the dead latents.
 */
export class DeadCandidates {
  /** Rows since each latent last fired, as of `countsAt` steps done (0 at the start, exactly). */
  private counts: Float32Array;
  private countsAt = 0;
  private reading = false;
  /** The read under way (or the last one). */
  private pending: Promise<void> = Promise.resolve();

  /** `n` latents; the counts may hold several seeds' counters in turn ([S, n]). */
  constructor(private readonly n: number, private readonly window: number, private readonly maxRowsPerStep: number) {
    this.counts = new Float32Array(n);
  }

  /** Candidates for the step after `stepsDone` steps, in increasing order; with S seeds' counts, in any seed. */
  latents(stepsDone: number): Int32Array {
    // The device's test: count > window − 0.5 (counts are whole rows, exact in float32).
    const reach = this.window - 0.5 - (stepsDone - this.countsAt) * this.maxRowsPerStep;
    const n = this.n;
    const hit = new Uint8Array(n);
    for (let i = 0; i < this.counts.length; i++) if (this.counts[i] > reach) hit[i % n] = 1;
    const out: number[] = [];
    for (let i = 0; i < n; i++) if (hit[i]) out.push(i);
    return Int32Array.from(out);
  }

  /** Sets the counts outright (a restored checkpoint), as of `stepsDone` steps; reads of earlier states are dropped. */
  setCounts(counts: Float32Array, stepsDone: number): void {
    this.counts = Float32Array.from(counts);
    this.countsAt = stepsDone;
  }

  /** Waits for a read under way, then reads `sinceFired` after `stepsDone` steps: the snapshot is then current. */
  async sync(sinceFired: tf.Tensor, stepsDone: number): Promise<void> {
    while (this.reading) await this.pending;
    this.observe(sinceFired, stepsDone);
    await this.pending;
  }

  /** Starts reading `sinceFired` ([.., n], its state after `stepsDone` steps) unless a read is under way. */
  observe(sinceFired: tf.Tensor, stepsDone: number): void {
    if (this.reading) return;
    this.reading = true;
    this.pending = sinceFired
      .data()
      .then((d) => {
        if (stepsDone > this.countsAt) {
          this.counts = d as Float32Array;
          this.countsAt = stepsDone;
        }
      })
      .catch(() => {}) // a read that fails (disposed trainer) leaves the older, still valid snapshot
      .finally(() => {
        this.reading = false;
      });
  }
}
