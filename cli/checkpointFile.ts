/**
 * The CLI's transformer checkpoint, `DIR/transformer/checkpoint.saelab`: the trainer's exact state (weights, AdamW
 * moments) with the evaluations and wall time so far, in the lab's binary container (src/core/io/container.ts), so a
 * long run can stop and continue bit-exactly with `--resume`. Written to a temporary file and renamed, so a run
 * killed mid-write leaves the previous checkpoint whole. The file is input like any other: checked before use.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { ContainerError, decodeContainer, encodeContainer } from '../src/core/io/container.ts';
import type { TransformerReport } from '../src/core/report.ts';
import { SpecError } from '../src/core/spec/fields.ts';
import { type TransformerSpec, validateTransformer } from '../src/core/spec/transformer.ts';
import type { TrainerCheckpoint } from '../src/core/train/checkpoint.ts';
import { CliError } from './args.ts';

const KIND = 'cli-transformer-checkpoint';
export const CHECKPOINT_FILE = 'checkpoint.saelab';

export interface CliCheckpoint {
  spec: TransformerSpec;
  state: TrainerCheckpoint;
  /** Evaluations up to state.step, as in report.json. */
  history: TransformerReport['history'];
  /** Training wall time of every part of the run so far. */
  wallSeconds: number;
  stepsToGrok: number | null;
  secondsToGrok: number | null;
}

export function writeCheckpoint(path: string, c: CliCheckpoint): void {
  writeFileSync(`${path}.part`, encodeContainer(KIND, c));
  renameSync(`${path}.part`, path);
}

const isNumberOrNull = (x: unknown) => x === null || typeof x === 'number';

/** Reads and checks a checkpoint; the spec must be the one it was written by, except for a larger `steps`. */
export function readCheckpoint(path: string, spec: TransformerSpec): CliCheckpoint {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (e) {
    throw new CliError(`--resume: cannot read ${path}: ${(e as Error).message}`);
  }
  let c: CliCheckpoint;
  try {
    c = decodeContainer(bytes, KIND) as CliCheckpoint;
    c.spec = validateTransformer(c.spec);
  } catch (e) {
    if (e instanceof ContainerError || e instanceof SpecError) throw new CliError(`--resume: ${path} is not a usable checkpoint: ${e.message}`);
    throw e;
  }
  const wellFormed = typeof c.state === 'object' && c.state !== null && typeof c.wallSeconds === 'number' &&
    isNumberOrNull(c.stepsToGrok) && isNumberOrNull(c.secondsToGrok) && Array.isArray(c.history) &&
    c.history.every((h) => Array.isArray(h) && h.length === 5 && h.every((x) => typeof x === 'number'));
  if (!wellFormed) throw new CliError(`--resume: ${path} is not a usable checkpoint: its contents are malformed`);
  const changed = (Object.keys(spec) as (keyof TransformerSpec)[]).filter((k) => k !== 'steps' && spec[k] !== c.spec[k]);
  if (changed.length > 0) {
    throw new CliError(`--resume: the checkpoint was written by another spec (${changed.map((k) => `${k} ${c.spec[k]} there, ${spec[k]} here`).join('; ')}); only --steps may change`);
  }
  if (spec.steps <= c.state.step) {
    throw new CliError(`--resume: the checkpoint is at step ${c.state.step} already; give --steps greater than that to train on`);
  }
  return c;
}
