import { type ExperimentSpec, validateSpec } from '../spec/experiment.ts';
import { SpecError } from '../spec/fields.ts';
import { stabiliserFields } from '../stabilise/spec.ts';

/**
 * The sweep spec: one versioned JSON document describes a hyperparameter study (issue 13). A base experiment spec,
 * the values to try (a grid of axes or an explicit list of settings) and the SAE seeds every setting is trained with.
 * Each setting ("cell") is the base spec with its fields replaced, validated like any experiment spec. When the shape
 * changes, bump SWEEP_VERSION and make validateSweep read the old version too.
 */
export const SWEEP_VERSION = 1;

/**
 * A field a sweep may vary: `saes.<field>` (any SAE field but `seeds`), `transformer.<field>`, or `stabilise.<knob>`
 * (any stabiliser knob, core/stabilise/spec.ts): a cell with a stabiliser knob compares that one method with plain
 * training (expand.ts builds its single-method `stabilise` block).
 */
export type SweepField = `saes.${string}` | `transformer.${string}` | `stabilise.${string}`;
export type SweepValue = number | string;

export interface SweepAxis {
  field: SweepField;
  values: SweepValue[];
}

export interface SweepBudget {
  /** Refuse sweeps with more cells than this. */
  maxCells: number;
  /** Refuse sweeps whose estimated compute time (budget.ts) exceeds this many hours. */
  maxHours: number;
}

export interface SweepSpec {
  sweepVersion: typeof SWEEP_VERSION;
  name: string;
  /** The experiment every cell starts from (it must train SAEs). */
  base: ExperimentSpec;
  /** The SAE seeds of every cell (one SAE each; the results table aggregates over them). Absent: base.saes.seeds. */
  seeds: number[];
  /** grid: every combination of the axes' values; list: exactly the settings in `cells`. */
  mode: 'grid' | 'list';
  axes: SweepAxis[];
  /** list mode: each entry maps fields to values. */
  cells: Record<SweepField, SweepValue>[];
  budget: SweepBudget;
}

export const DEFAULT_BUDGET: SweepBudget = { maxCells: 256, maxHours: 48 };
/** Hard bounds whatever the spec says: a link or a file must not ask for a million cells. */
export const MAX_CELLS = 4096;
const MAX_AXES = 8;
const MAX_VALUES = 64;
const MAX_NAME_LENGTH = 200;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Whether a sweep field is a stabiliser knob (the cell then compares one method with plain training). */
export const isStabiliserField = (field: string): field is `stabilise.${string}` => field.startsWith('stabilise.');

function checkField(path: string, field: unknown): SweepField {
  if (typeof field !== 'string' || !/^(saes|transformer|stabilise)\.[A-Za-z][A-Za-z0-9]*$/.test(field)) {
    throw new SpecError(`${path} must name a field as "saes.<field>" or "transformer.<field>" (or a stabiliser knob as "stabilise.<knob>"); got ${JSON.stringify(field)}`);
  }
  if (field === 'saes.seeds') throw new SpecError(`${path}: the SAE seeds are the sweep's "seeds" list, not an axis (every cell trains every seed)`);
  if (isStabiliserField(field) && !(field.slice(10) in stabiliserFields)) {
    throw new SpecError(`${path}: ${field} is not a stabiliser knob (knobs: ${Object.keys(stabiliserFields).join(', ')})`);
  }
  return field as SweepField;
}

function checkValue(path: string, v: unknown): SweepValue {
  if (typeof v === 'string' && v.length <= 100) return v;
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  throw new SpecError(`${path} must be a finite number or a short string; got ${JSON.stringify(v)}`);
}

function checkAxes(raw: unknown): SweepAxis[] {
  if (!Array.isArray(raw)) throw new SpecError('sweep.axes must be a list of {field, values}');
  if (raw.length > MAX_AXES) throw new SpecError(`sweep.axes holds at most ${MAX_AXES} axes; got ${raw.length}`);
  const seen = new Set<string>();
  return raw.map((a, i) => {
    const path = `sweep.axes[${i}]`;
    if (!isObject(a)) throw new SpecError(`${path} must be an object {field, values}`);
    for (const key of Object.keys(a)) if (key !== 'field' && key !== 'values') throw new SpecError(`${path}.${key} is not a known field`);
    const field = checkField(`${path}.field`, a.field);
    if (seen.has(field)) throw new SpecError(`${path}.field ${field} is already an axis`);
    seen.add(field);
    if (!Array.isArray(a.values) || a.values.length < 1 || a.values.length > MAX_VALUES) {
      throw new SpecError(`${path}.values must be a list of 1 to ${MAX_VALUES} values`);
    }
    const values = a.values.map((v, j) => checkValue(`${path}.values[${j}]`, v));
    if (new Set(values).size !== values.length) throw new SpecError(`${path}.values must not repeat a value`);
    return { field, values };
  });
}

function checkCells(raw: unknown): Record<SweepField, SweepValue>[] {
  if (!Array.isArray(raw) || raw.length < 1) throw new SpecError('sweep.cells must be a non-empty list of settings (objects of field: value)');
  if (raw.length > MAX_CELLS) throw new SpecError(`sweep.cells holds at most ${MAX_CELLS} settings; got ${raw.length}`);
  return raw.map((c, i) => {
    if (!isObject(c)) throw new SpecError(`sweep.cells[${i}] must be an object of field: value`);
    const out: Record<SweepField, SweepValue> = {};
    for (const [field, v] of Object.entries(c)) out[checkField(`sweep.cells[${i}] key`, field)] = checkValue(`sweep.cells[${i}]["${field}"]`, v);
    return out;
  });
}

function checkBudget(raw: unknown): SweepBudget {
  if (raw === undefined) return { ...DEFAULT_BUDGET };
  if (!isObject(raw)) throw new SpecError('sweep.budget must be an object {maxCells, maxHours}');
  for (const key of Object.keys(raw)) if (key !== 'maxCells' && key !== 'maxHours') throw new SpecError(`sweep.budget.${key} is not a known field`);
  const maxCells = raw.maxCells ?? DEFAULT_BUDGET.maxCells;
  const maxHours = raw.maxHours ?? DEFAULT_BUDGET.maxHours;
  if (typeof maxCells !== 'number' || !Number.isInteger(maxCells) || maxCells < 1 || maxCells > MAX_CELLS) {
    throw new SpecError(`sweep.budget.maxCells must be an integer between 1 and ${MAX_CELLS}; got ${JSON.stringify(maxCells)}`);
  }
  if (typeof maxHours !== 'number' || !Number.isFinite(maxHours) || maxHours <= 0 || maxHours > 10_000) {
    throw new SpecError(`sweep.budget.maxHours must be a number above 0 and at most 10000; got ${JSON.stringify(maxHours)}`);
  }
  return { maxCells, maxHours };
}

/**
 * Validates untrusted input into a sweep spec, or throws a SpecError naming the field. The cells themselves are
 * validated when expanded (expand.ts), where each one's full experiment spec exists.
 */
export function validateSweep(raw: unknown): SweepSpec {
  if (!isObject(raw)) throw new SpecError('sweep spec must be a JSON object');
  if (raw.sweepVersion !== SWEEP_VERSION) {
    throw new SpecError(`sweepVersion ${JSON.stringify(raw.sweepVersion)} is not supported (this lab reads version ${SWEEP_VERSION})`);
  }
  const known = ['sweepVersion', 'name', 'base', 'seeds', 'mode', 'axes', 'cells', 'budget'];
  for (const key of Object.keys(raw)) if (!known.includes(key)) throw new SpecError(`sweep.${key} is not a known field`);
  const name = raw.name ?? 'sweep';
  if (typeof name !== 'string' || name.length > MAX_NAME_LENGTH) throw new SpecError(`sweep.name must be a string of at most ${MAX_NAME_LENGTH} characters`);
  let base: ExperimentSpec;
  try {
    base = validateSpec(raw.base);
  } catch (e) {
    if (e instanceof SpecError) throw new SpecError(`sweep.base: ${e.message}`);
    throw e;
  }
  if (!base.saes) throw new SpecError('sweep.base must train SAEs (a "saes" part): a sweep compares SAE settings');
  if (base.stabilise && base.stabilise.methods.length > 1) {
    const names = base.stabilise.methods.map((m) => m.method).join(', ');
    throw new SpecError(`sweep.base.stabilise lists ${base.stabilise.methods.length} methods (${names}); a sweep cell compares one method with plain training: keep one in the base, or vary "stabilise.method" as an axis`);
  }
  const seedsRaw = raw.seeds ?? base.saes.seeds;
  try {
    validateSpec({ ...base, saes: { ...base.saes, seeds: seedsRaw } });
  } catch (e) {
    if (e instanceof SpecError) throw new SpecError(`sweep.seeds: ${e.message.replace(/^saes\.seeds/, 'the seeds')}`);
    throw e;
  }
  const seeds = [...(seedsRaw as number[])];
  const mode = raw.mode ?? (raw.cells !== undefined ? 'list' : 'grid');
  if (mode !== 'grid' && mode !== 'list') throw new SpecError(`sweep.mode must be "grid" or "list"; got ${JSON.stringify(mode)}`);
  if (mode === 'grid' && raw.cells !== undefined) throw new SpecError('sweep.cells belongs to mode "list"; a grid sweep takes sweep.axes');
  if (mode === 'list' && raw.axes !== undefined) throw new SpecError('sweep.axes belongs to mode "grid"; a list sweep takes sweep.cells');
  const axes = mode === 'grid' ? checkAxes(raw.axes ?? []) : [];
  const cells = mode === 'list' ? checkCells(raw.cells) : [];
  return { sweepVersion: SWEEP_VERSION, name, base, seeds, mode, axes, cells, budget: checkBudget(raw.budget) };
}

/** The spec as a file holds it (validateSweep reads it back to the same spec): a grid has no `cells`, a list no `axes`. */
export function sweepDocument(s: SweepSpec): Record<string, unknown> {
  const { axes, cells, ...rest } = s;
  return s.mode === 'grid' ? { ...rest, axes } : { ...rest, cells };
}
