import type { AdamWState } from '../optim/adamw.ts';
import type { RngState } from '../rng.ts';
import type { NamedArray } from '../transformer/weights.ts';

/**
 * Everything a trainer needs to continue exactly where it stopped, as plain arrays (no tensors), so it can be
 * stored in IndexedDB, written to a notebook file or sent between threads. Restoring it and stepping on must give
 * the same numbers as never having stopped (on the same backend).
 */
export interface TrainerCheckpoint {
  kind: 'transformer' | 'saes';
  /** Optimiser steps taken. */
  step: number;
  /** Model parameters by name (TransformerLens names for the transformer; `seed{i}.W_enc`… for SAEs). */
  tensors: Record<string, NamedArray>;
  /** One optimiser state per independently stepped group (the transformer has one). */
  optimizers: AdamWState[];
  /** Generator states of streams still drawn from during training (SAE data order); empty for the transformer. */
  rngs: RngState[];
  /** Small per-run counters that are not parameters (e.g. SAE steps since each latent last fired). */
  counters: Record<string, number[]>;
}

export class CheckpointError extends Error {}

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

/**
 * Checks that a checkpoint (untrusted: it may come from storage or a file) fits the trainer about to load it:
 * kind, every named tensor with its shape and length, and the number of optimiser states.
 */
export function checkCheckpoint(c: TrainerCheckpoint, kind: TrainerCheckpoint['kind'], shapes: [string, number[]][], optimizers: number): void {
  if (c.kind !== kind) throw new CheckpointError(`this checkpoint is of a ${c.kind} run, not a ${kind} run`);
  if (!Number.isInteger(c.step) || c.step < 0) throw new CheckpointError(`checkpoint step ${c.step} is not a step count`);
  for (const [name, shape] of shapes) {
    const t = c.tensors[name];
    if (!t) throw new CheckpointError(`checkpoint lacks ${name}`);
    const same = t.shape.length === shape.length && t.shape.every((d, i) => d === shape[i]);
    if (!same || t.data.length !== sizeOf(shape)) {
      throw new CheckpointError(`checkpoint ${name} has shape [${t.shape}], this spec needs [${shape}]`);
    }
  }
  if (c.optimizers.length !== optimizers) throw new CheckpointError(`checkpoint has ${c.optimizers.length} optimiser states, expected ${optimizers}`);
  if (c.optimizers.some((o) => o.step !== c.step)) throw new CheckpointError('checkpoint optimiser step differs from its step');
}
