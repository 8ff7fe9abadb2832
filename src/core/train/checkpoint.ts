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
