/**
 * Several SAE runs (a sweep's cells) trained as one: their seeds become the units of one SaeTrainer, which steps
 * them together (batched on GPU backends, in lockstep on wasm) exactly as it steps one run's seeds. Runs can share
 * a trainer when they read the same activations and differ only in what a unit can have of its own: the seeds, the
 * learning rate, the sparsity coefficient and TopK's / BatchTopK's k (`UnitKnobs`; units of different k step in
 * one batched group per value of k, core/sae/trainer.ts). Each unit keeps its own initialisation and data order
 * (both drawn from its seed), so each run's numbers are the ones it would get alone (tests/core/sae/cellBatch.test.ts).
 */
import type { SaeSpec } from '../spec/sae.ts';
import { saeArchitectureOf } from '../spec/sae.ts';
import type { SaeMetrics } from './metrics.ts';
import type { UnitKnobs } from './trainer.ts';

/** Whether the architecture has TopK's k (a unit may have its own). */
const hasK = (spec: SaeSpec): boolean => 'k' in saeArchitectureOf(spec.architecture).fields;

/** The spec keys a unit may have of its own, for this spec's architecture. */
function perUnitKeys(spec: SaeSpec): string[] {
  const penalty = saeArchitectureOf(spec.architecture).penalty;
  return ['seeds', 'lr', ...(penalty ? [penalty.field] : []), ...(hasK(spec) ? ['k'] : [])];
}

/** Runs with equal keys can train in one trainer (given the same activations): every shared knob, in key order. */
export function saeBatchKey(spec: SaeSpec): string {
  const skip = new Set(perUnitKeys(spec));
  const rest = Object.keys(spec).filter((k) => !skip.has(k)).sort();
  return JSON.stringify(rest.map((k) => [k, spec[k as keyof SaeSpec]]));
}

export interface SaeBatch {
  /** The first run's spec with every run's seeds in turn (its lr, coefficient and k are unit 0's). */
  spec: SaeSpec;
  /** Per unit (index into spec.seeds): its run's learning rate, sparsity coefficient and k. */
  units: UnitKnobs[];
  /** Run r owns units [starts[r], starts[r] + seeds of run r). */
  starts: number[];
}

/** One trainer's spec and units for runs of one batch key (throws otherwise). */
export function batchSaeSpecs(specs: SaeSpec[]): SaeBatch {
  if (specs.length === 0) throw new Error('no SAE runs to batch');
  const key = saeBatchKey(specs[0]);
  if (specs.some((s) => saeBatchKey(s) !== key)) throw new Error('these SAE runs differ in more than seeds, lr, sparsity coefficient and k');
  const penalty = saeArchitectureOf(specs[0].architecture).penalty;
  const starts: number[] = [];
  const units: UnitKnobs[] = [];
  const seeds: number[] = [];
  for (const s of specs) {
    starts.push(seeds.length);
    seeds.push(...s.seeds);
    const penaltyCoef = penalty ? penalty.coef(s) : 0;
    const k = hasK(s) ? { k: (s as { k: number }).k } : {};
    units.push(...s.seeds.map(() => ({ lr: s.lr, penaltyCoef, ...k })));
  }
  return { spec: { ...specs[0], seeds }, units, starts };
}

/** Run r's share of a per-unit list (weights, metrics). */
export function runSlice<T>(batch: SaeBatch, run: number, perUnit: T[]): T[] {
  const end = run + 1 < batch.starts.length ? batch.starts[run + 1] : perUnit.length;
  return perUnit.slice(batch.starts[run], end);
}

/** Run r's metrics from the batch's: its seeds, and its own sparsity coefficient at this step. */
export function runMetrics(batch: SaeBatch, run: number, m: SaeMetrics, penaltyAt: (t: number, unit: number) => number): SaeMetrics {
  return { ...m, l1: penaltyAt(Math.max(m.step, 1), batch.starts[run]), seeds: runSlice(batch, run, m.seeds) };
}
