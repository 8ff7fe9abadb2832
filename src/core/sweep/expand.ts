import { type ExperimentSpec, validateSpec } from '../spec/experiment.ts';
import { SpecError } from '../spec/fields.ts';
import { transformerFields } from '../spec/transformer.ts';
import { MAX_CELLS, type SweepField, type SweepSpec, type SweepValue, isStabiliserField } from './spec.ts';

/**
 * Expands a sweep into its cells: every combination of the axes (the first axis varies slowest) or the explicit
 * list, each a full experiment spec validated like any other. A cell's id is made from its setting alone (not its
 * position), so it stays the same when axes are reordered or values added: results and cell folders keep their names.
 */

export interface SweepCell {
  /** Stable, filesystem-safe id, e.g. `k-8_expansion-4`; `base` for the base spec itself. */
  id: string;
  /** Position in the sweep's order (sharding deals cells by it). */
  index: number;
  /** The fields this cell sets, in canonical order (transformer fields, then SAE fields, then stabiliser knobs, each by name). */
  setting: Record<SweepField, SweepValue>;
  spec: ExperimentSpec;
  /** Cells with the same key train on the same transformer: it is trained once and reused. */
  transformerKey: string;
}

/** Transformer fields, then SAE fields, then stabiliser knobs, each by name: fixed forever, so ids never change when a field table is reordered. */
const part = (field: string) => (field.startsWith('transformer.') ? 0 : field.startsWith('saes.') ? 1 : 2);
const canonical = (a: string, b: string) => part(a) - part(b) || (a < b ? -1 : a > b ? 1 : 0);

/** One token of an id: safe characters kept, every other one written as its code (`=` → `x3d`). */
const token = (s: string) => s.replace(/[^A-Za-z0-9.]/g, (c) => `x${c.charCodeAt(0).toString(16)}`);
/** The field's name in an id: SAE fields bare (`k`), transformer fields and stabiliser knobs prefixed (`t.seed`, `s.alpha`). */
const idName = (field: string) => (field.startsWith('saes.') ? field.slice(5) : isStabiliserField(field) ? `s.${field.slice(10)}` : `t.${field.slice(12)}`);

export function cellId(setting: Record<string, SweepValue>): string {
  const fields = Object.keys(setting).sort(canonical);
  if (fields.length === 0) return 'base';
  return fields.map((f) => `${token(idName(f))}-${token(String(setting[f]))}`).join('_');
}

/** The settings of the sweep in order, before validation. */
export function settingsOf(sweep: SweepSpec): Record<SweepField, SweepValue>[] {
  if (sweep.mode === 'list') return sweep.cells;
  let out: Record<SweepField, SweepValue>[] = [{}];
  for (const axis of sweep.axes) {
    out = out.flatMap((s) => axis.values.map((v) => ({ ...s, [axis.field]: v })));
    if (out.length > MAX_CELLS) throw new SpecError(`the grid has more than ${MAX_CELLS} cells; use fewer axes or values`);
  }
  return out;
}

/** Count of cells without building them (for the page's live count). */
export const gridSize = (sweep: SweepSpec): number =>
  sweep.mode === 'list' ? sweep.cells.length : sweep.axes.reduce((n, a) => n * a.values.length, 1);

/**
 * A stabiliser cell's `stabilise` block: exactly one method, the base block's (validateSweep allows at most one) with
 * the cell's knobs applied; null for a plain cell (no base block, no knob). Validated with the rest of the cell spec.
 */
function stabiliseBlockOf(sweep: SweepSpec, setting: Record<string, SweepValue>, id: string): { methods: Record<string, unknown>[] } | null {
  const knobs = Object.entries(setting).filter(([field]) => isStabiliserField(field));
  const base = sweep.base.stabilise?.methods[0];
  if (!base && knobs.length === 0) return null;
  const method: Record<string, unknown> = { ...base };
  for (const [field, v] of knobs) method[field.slice(10)] = v;
  if ((method.method ?? 'plain') === 'plain') {
    // Plain training is every stabiliser cell's baseline arm: a cell must name the method it compares with it.
    throw new SpecError(`cell ${id}: stabilise.method is plain (or not given), but a cell with stabiliser knobs compares one method with plain training — vary "stabilise.method" over methods, or give the base a stabilise block with one method`);
  }
  return { methods: [method] };
}

function cellSpec(sweep: SweepSpec, setting: Record<string, SweepValue>, id: string): ExperimentSpec {
  const transformer: Record<string, unknown> = { ...sweep.base.transformer };
  const saes: Record<string, unknown> = { ...sweep.base.saes, seeds: [...sweep.seeds] };
  for (const [field, v] of Object.entries(setting)) {
    if (field.startsWith('saes.')) saes[field.slice(5)] = v;
    else if (field.startsWith('transformer.')) transformer[field.slice(12)] = v;
  }
  const stabilise = stabiliseBlockOf(sweep, setting, id);
  try {
    return validateSpec({ version: sweep.base.version, name: `${sweep.name} / ${id}`, transformer, saes, ...(stabilise ? { stabilise } : {}) });
  } catch (e) {
    if (e instanceof SpecError) throw new SpecError(`cell ${id}: ${e.message}`);
    throw e;
  }
}

/** Whether a cell compares a stabiliser with plain training (its spec has a one-method `stabilise` block). */
export const isStabiliserCell = (cell: Pick<SweepCell, 'spec'>): boolean => cell.spec.stabilise !== undefined;

/** Every cell, validated; refuses duplicate settings (two cells with one id) with the cell named. */
export function expandSweep(sweep: SweepSpec): SweepCell[] {
  const seen = new Set<string>();
  return settingsOf(sweep).map((raw, index) => {
    const setting = Object.fromEntries(Object.keys(raw).sort(canonical).map((f) => [f, raw[f as SweepField]])) as Record<SweepField, SweepValue>;
    const id = cellId(setting);
    if (seen.has(id)) throw new SpecError(`cell ${id} appears twice in the sweep`);
    seen.add(id);
    const spec = cellSpec(sweep, setting, id);
    return { id, index, setting, spec, transformerKey: transformerKey(spec) };
  });
}

/** A key naming the transformer a spec trains: its fields in table order (the spec is validated, so complete). */
export function transformerKey(spec: ExperimentSpec): string {
  return Object.keys(transformerFields).map((k) => `${k}=${spec.transformer[k as keyof typeof spec.transformer]}`).join(',');
}

/** A short folder name for a transformer key: FNV-1a (32 bits) of the key in hex, e.g. `t-0a1b2c3d`. */
export function transformerFolder(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `t-${h.toString(16).padStart(8, '0')}`;
}
