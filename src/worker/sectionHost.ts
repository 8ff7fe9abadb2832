/**
 * How the engine worker routes the page's commands: every command that names a `section` goes to that section's
 * host (engine.worker.ts keeps the table, one line per section); the engine itself handles only what has no section
 * (init, memory, the checkpoint interval, the model download). A host owns its section's current run (a RunHost),
 * replaces it through the engine's one command queue and answers pause, resume and stop at once.
 */
import type { TransformerSpec } from '../core/spec/transformer.ts';
import type { Transformer } from '../core/transformer/model.ts';
import type { WorkerStorage } from './checkpointer.ts';
import type { FromWorker, ToWorker } from './protocol.ts';

/** A command for one section (the others are the engine's own). */
export type SectionMessage = Extract<ToWorker, { section: string }>;
export type SectionKey = SectionMessage['section'];

/** The transformer an SAE run reads: the worker's current model, trained or partly trained. */
export interface TransformerSource {
  /** The page's runId of the transformer run, and its step when the activations were read. */
  runId: number;
  step: number;
  spec: TransformerSpec;
  model: Transformer;
}

/** What the engine lends every section host. */
export interface EngineContext {
  post(m: FromWorker): void;
  /** Where runs the page stores write their checkpoints (and read them back to resume). */
  readonly storage: WorkerStorage;
  /**
   * Runs a command that replaces state after every earlier one has ended (one queue for all sections), so a new run
   * never starts before the previous one has freed its tensors and an SAE run never reads a model being reset.
   */
  enqueue(task: () => Promise<void>): void;
  /** The model the transformer section holds now (read when a queued command runs), or null. */
  transformer(): TransformerSource | null;
}

export interface SectionHost {
  /** A command whose `section` routes here (a host serving several sections checks `msg.section`). */
  handle(msg: SectionMessage): void;
  /** The GPU device was lost: stop the run in place (its tensors are gone with the device). */
  stop(): void;
}
