/**
 * Checks that an untrusted value (from a notebook file) has exactly the shape of a stored record: every field
 * present with its type and bounds, no unknown field, specs through validateSpec, tensors whose data length
 * matches their shape. Each check throws a RecordError naming the field, so the user sees what is wrong.
 *
 * Keep in step with schema.ts: a new record field needs its check here (the round-trip test fails otherwise).
 */
import type { AdamWState } from '../core/optim/adamw.ts';
import { validateSpec } from '../core/spec/experiment.ts';
import { SpecError } from '../core/spec/fields.ts';
import type { TrainerCheckpoint } from '../core/train/checkpoint.ts';
import { type CheckpointRecord, type ExperimentRecord, type NoteRecord, RUN_KINDS, type RunRecord, type StoredRunStatus } from './schema.ts';

export class RecordError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordError';
  }
}

/** Caps on what one notebook file may hold (docs/files.md). */
export const RECORD_LIMITS = {
  runs: 10_000,
  checkpoints: 10_000,
  notes: 10_000,
  idLength: 200,
  nameLength: 200,
  markdownLength: 100_000,
  messageLength: 10_000,
  metricsPerRun: 1_000_000,
  tensorRank: 8,
};

const RUN_STATUSES: StoredRunStatus[] = ['running', 'paused', 'interrupted', 'done', 'stopped', 'error'];

type Obj = Record<string, unknown>;

function object(path: string, v: unknown, required: string[], optional: string[] = []): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) throw new RecordError(`${path} must be an object`);
  const o = v as Obj;
  for (const k of Object.keys(o)) if (!required.includes(k) && !optional.includes(k)) throw new RecordError(`${path}.${k.slice(0, 40)} is not a known field`);
  for (const k of required) if (!(k in o)) throw new RecordError(`${path}.${k} is missing`);
  return o;
}

/** An object with free keys (tensors by name, counters). */
function map(path: string, v: unknown): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v)) throw new RecordError(`${path} must be an object`);
  return v as Obj;
}

function string(path: string, v: unknown, max: number, nonEmpty = true): string {
  if (typeof v !== 'string' || v.length > max || (nonEmpty && v.length === 0)) {
    throw new RecordError(`${path} must be a ${nonEmpty ? 'non-empty ' : ''}string of at most ${max} characters`);
  }
  return v;
}

const id = (path: string, v: unknown) => string(path, v, RECORD_LIMITS.idLength);

function integer(path: string, v: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(v) || (v as number) < min || (v as number) > max) throw new RecordError(`${path} must be an integer in [${min}, ${max}]`);
  return v as number;
}

function time(path: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new RecordError(`${path} must be a time stamp (ms)`);
  return v;
}

function oneOf<T extends string>(path: string, v: unknown, options: readonly T[]): T {
  if (typeof v !== 'string' || !options.includes(v as T)) throw new RecordError(`${path} must be one of ${options.join(', ')}`);
  return v as T;
}

function list(path: string, v: unknown, max: number): unknown[] {
  if (!Array.isArray(v)) throw new RecordError(`${path} must be a list`);
  if (v.length > max) throw new RecordError(`${path} holds ${v.length} items; at most ${max} are read`);
  return v;
}

function f32(path: string, v: unknown, length?: number): Float32Array {
  if (!(v instanceof Float32Array)) throw new RecordError(`${path} must be float32 data`);
  if (length !== undefined && v.length !== length) throw new RecordError(`${path} holds ${v.length} values, expected ${length}`);
  return v;
}

function spec(path: string, v: unknown) {
  try {
    return validateSpec(v);
  } catch (e) {
    throw new RecordError(`${path}: ${e instanceof SpecError ? e.message : String(e)}`);
  }
}

/** A metric point or run summary: plain data (the container already limited depth and size). */
function plain(path: string, v: unknown): void {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new RecordError(`${path} must be an object`);
}

export function checkExperiment(v: unknown, path = 'experiment'): ExperimentRecord {
  const o = object(path, v, ['id', 'name', 'spec', 'createdAt', 'updatedAt', 'openRuns']);
  const openRuns = object(`${path}.openRuns`, o.openRuns, [], [...RUN_KINDS]);
  for (const k of Object.keys(openRuns)) id(`${path}.openRuns.${k}`, openRuns[k]);
  return {
    id: id(`${path}.id`, o.id), name: string(`${path}.name`, o.name, RECORD_LIMITS.nameLength, false), spec: spec(`${path}.spec`, o.spec),
    createdAt: time(`${path}.createdAt`, o.createdAt), updatedAt: time(`${path}.updatedAt`, o.updatedAt),
    openRuns: openRuns as ExperimentRecord['openRuns'],
  };
}

export function checkRun(v: unknown, path: string): RunRecord {
  const o = object(path, v,
    ['id', 'experimentId', 'kind', 'name', 'spec', 'status', 'createdAt', 'updatedAt', 'backend', 'step', 'metrics', 'summary', 'checkpointId'],
    ['source', 'message', 'info']);
  const metrics = list(`${path}.metrics`, o.metrics, RECORD_LIMITS.metricsPerRun);
  metrics.forEach((m, i) => plain(`${path}.metrics[${i}]`, m));
  if (o.summary !== null) plain(`${path}.summary`, o.summary);
  // The payloads (metrics, summary, info) are checked as plain data, not field by field: the kind types them.
  const run = {
    id: id(`${path}.id`, o.id), experimentId: id(`${path}.experimentId`, o.experimentId), kind: oneOf(`${path}.kind`, o.kind, RUN_KINDS),
    name: string(`${path}.name`, o.name, RECORD_LIMITS.nameLength, false), spec: spec(`${path}.spec`, o.spec),
    status: oneOf(`${path}.status`, o.status, RUN_STATUSES), createdAt: time(`${path}.createdAt`, o.createdAt),
    updatedAt: time(`${path}.updatedAt`, o.updatedAt), backend: string(`${path}.backend`, o.backend, 50), step: integer(`${path}.step`, o.step),
    metrics, summary: o.summary, checkpointId: o.checkpointId === null ? null : id(`${path}.checkpointId`, o.checkpointId),
  } as RunRecord;
  if (o.source !== undefined) {
    const s = object(`${path}.source`, o.source, ['runId', 'step']);
    run.source = { runId: id(`${path}.source.runId`, s.runId), step: integer(`${path}.source.step`, s.step) };
  }
  if (o.message !== undefined) run.message = string(`${path}.message`, o.message, RECORD_LIMITS.messageLength, false);
  if (o.info !== undefined) {
    plain(`${path}.info`, o.info);
    run.info = o.info as RunRecord['info'];
  }
  return run;
}

function checkState(v: unknown, path: string): TrainerCheckpoint {
  const o = object(path, v, ['kind', 'step', 'tensors', 'optimizers', 'rngs', 'counters']);
  const tensors = map(`${path}.tensors`, o.tensors);
  const outTensors: TrainerCheckpoint['tensors'] = {};
  for (const [name, t] of Object.entries(tensors)) {
    const tp = `${path}.tensors["${name.slice(0, 60)}"]`;
    const to = object(tp, t, ['shape', 'data']);
    const shape = list(`${tp}.shape`, to.shape, RECORD_LIMITS.tensorRank).map((d, i) => integer(`${tp}.shape[${i}]`, d, 0, 2 ** 31));
    const size = shape.reduce((a, b) => a * b, 1);
    outTensors[name] = { shape, data: f32(`${tp}.data`, to.data, size) };
  }
  const optimizers = list(`${path}.optimizers`, o.optimizers, 64).map((x, i) => {
    const op = `${path}.optimizers[${i}]`;
    const a = object(op, x, ['step', 'm', 'v'], ['ema']);
    const m = list(`${op}.m`, a.m, 10_000).map((d, j) => f32(`${op}.m[${j}]`, d));
    const vv = list(`${op}.v`, a.v, 10_000).map((d, j) => f32(`${op}.v[${j}]`, d, m[j]?.length ?? -1));
    if (m.length !== vv.length) throw new RecordError(`${op}: m and v hold different numbers of arrays`);
    const state: AdamWState = { step: integer(`${op}.step`, a.step), m, v: vv };
    if (a.ema !== undefined) {
      state.ema = list(`${op}.ema`, a.ema, 10_000).map((d, j) => f32(`${op}.ema[${j}]`, d, m[j]?.length ?? -1));
      if (state.ema.length !== m.length) throw new RecordError(`${op}: m and ema hold different numbers of arrays`);
    }
    return state;
  });
  const rngs = list(`${path}.rngs`, o.rngs, 1024).map((r, i) => {
    // Labs before the fix in core/rng.ts stored one word signed: those files hold words down to -2^31 and must
    // still open (Rng.fromState reads a word mod 2^32). Kept as written, so a file round-trips unchanged.
    const words = list(`${path}.rngs[${i}]`, r, 4).map((w, j) => integer(`${path}.rngs[${i}][${j}]`, w, -(2 ** 31), 2 ** 32 - 1));
    if (words.length !== 4) throw new RecordError(`${path}.rngs[${i}] must hold 4 words`);
    return words as [number, number, number, number];
  });
  const counters = map(`${path}.counters`, o.counters);
  const outCounters: Record<string, number[]> = {};
  for (const [k, c] of Object.entries(counters)) {
    outCounters[k] = list(`${path}.counters.${k.slice(0, 40)}`, c, 1 << 24).map((x) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new RecordError(`${path}.counters.${k.slice(0, 40)} must hold finite numbers`);
      return x;
    });
  }
  return { kind: oneOf(`${path}.kind`, o.kind, CHECKPOINT_KINDS), step: integer(`${path}.step`, o.step), tensors: outTensors, optimizers, rngs, counters: outCounters };
}

/** What a checkpoint's weights belong to: a transformer or SAEs (a sweep cell's SAE weights are an SAE checkpoint). */
const CHECKPOINT_KINDS = ['transformer', 'saes'] as const;

export function checkCheckpoint(v: unknown, path: string): CheckpointRecord {
  const o = object(path, v, ['id', 'runId', 'step', 'savedAt', 'state']);
  return {
    id: id(`${path}.id`, o.id), runId: id(`${path}.runId`, o.runId), step: integer(`${path}.step`, o.step),
    savedAt: time(`${path}.savedAt`, o.savedAt), state: checkState(o.state, `${path}.state`),
  };
}

export function checkNote(v: unknown, path: string): NoteRecord {
  const o = object(path, v, ['id', 'experimentId', 'runId', 'markdown', 'createdAt', 'updatedAt']);
  return {
    id: id(`${path}.id`, o.id), experimentId: id(`${path}.experimentId`, o.experimentId),
    runId: o.runId === null ? null : id(`${path}.runId`, o.runId),
    markdown: string(`${path}.markdown`, o.markdown, RECORD_LIMITS.markdownLength, false),
    createdAt: time(`${path}.createdAt`, o.createdAt), updatedAt: time(`${path}.updatedAt`, o.updatedAt),
  };
}
