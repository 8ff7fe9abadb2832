/**
 * The Sweep section's editable draft: axes as text the user types ("4, 8, 16"), turned into a sweep spec, expanded
 * and estimated on every keystroke so the section can show the cell count, time and memory, or say what is wrong.
 * Pure: the section renders what this returns.
 */
import type { ExperimentSpec } from '../../core/spec/experiment.ts';
import { type Field, SpecError } from '../../core/spec/fields.ts';
import { saeFields } from '../../core/spec/sae.ts';
import { stabiliserFields } from '../../core/stabilise/spec.ts';
import { transformerFields } from '../../core/spec/transformer.ts';
import { type SweepEstimate, checkSweepBudget, estimateSweep } from '../../core/sweep/budget.ts';
import { type SweepCell, expandSweep, gridSize } from '../../core/sweep/expand.ts';
import { MAX_CELLS, type SweepField, type SweepSpec, type SweepValue, isStabiliserField, sweepDocument, validateSweep } from '../../core/sweep/spec.ts';

export interface AxisDraft {
  field: SweepField;
  /** Comma-separated values as typed. */
  text: string;
}

export interface SweepDraft {
  name: string;
  axes: AxisDraft[];
  /** Comma-separated SAE seeds. */
  seedsText: string;
  maxCells: number;
  maxHours: number;
}

/** The transformer fields worth sweeping (the architecture fields would make every cell a new model family). */
const TRANSFORMER_AXES = ['trainFraction', 'weightDecay', 'lr', 'steps', 'seed', 'grokfastLambda'];

/** The stabiliser knobs worth sweeping (a cell with one compares that method with plain training, issue 14). */
const STABILISER_AXES = ['method', 'alpha', 'stageOneFraction', 'rematchEvery', 'groupSize', 'dataInit'] as const;

export interface AxisOption {
  field: SweepField;
  label: string;
  /** The field's table entry (kind, bounds or options, doc line). */
  definition: Field;
}

/** Every field an axis may vary: SAE fields (but seeds), then the transformer fields and stabiliser knobs above. */
export function axisOptions(): AxisOption[] {
  const sae = Object.entries(saeFields).filter(([k, f]) => k !== 'seeds' && f.kind !== 'intList')
    .map(([k, f]) => ({ field: `saes.${k}` as SweepField, label: `SAE ${f.label}`, definition: f }));
  const transformer = TRANSFORMER_AXES.map((k) => {
    const f = transformerFields[k as keyof typeof transformerFields];
    return { field: `transformer.${k}` as SweepField, label: `transformer ${f.label}`, definition: f };
  });
  const stabiliser = STABILISER_AXES.map((k) => {
    const f = stabiliserFields[k];
    return { field: `stabilise.${k}` as SweepField, label: k === 'method' ? 'stabiliser method' : `stabiliser ${f.label}`, definition: f as Field };
  });
  return [...sae, ...transformer, ...stabiliser];
}

/**
 * The notebook's spec as a sweep's base. Its Stabilise section's methods go into the cells only when the sweep varies
 * a stabiliser knob (each cell then compares one method with plain training); a plain sweep trains plain SAEs. With
 * several methods and a `stabilise.method` axis the axis names the methods (their knobs at defaults or other axes).
 */
export function notebookSweepBase(notebook: ExperimentSpec, d: Pick<SweepDraft, 'axes'>): ExperimentSpec {
  if (!notebook.stabilise) return notebook;
  const fields = d.axes.map((a) => a.field);
  const several = notebook.stabilise.methods.length > 1 && fields.includes('stabilise.method');
  return fields.some(isStabiliserField) && !several ? notebook : { ...notebook, stabilise: undefined };
}

const optionOf = (field: string) => axisOptions().find((o) => o.field === field);

/** "4, 8, 16" → [4, 8, 16] for number fields; words for choice fields. Throws SpecError naming the axis. */
export function parseValues(field: SweepField, text: string): SweepValue[] {
  const option = optionOf(field);
  const label = option?.label ?? field;
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (parts.length === 0) throw new SpecError(`${label}: give at least one value`);
  if (option?.definition.kind === 'choice') return parts;
  return parts.map((p) => {
    const v = Number(p);
    if (!Number.isFinite(v)) throw new SpecError(`${label}: "${p}" is not a number`);
    return v;
  });
}

export function parseSeeds(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  return parts.map((p) => {
    if (!/^\d+$/.test(p)) throw new SpecError(`seeds: "${p}" is not a non-negative integer`);
    return Number(p);
  });
}

export function draftFrom(base: ExperimentSpec): SweepDraft {
  return {
    name: `${base.name} sweep`,
    axes: [{ field: 'saes.k', text: base.saes ? String(base.saes.k) : '8' }],
    seedsText: (base.saes?.seeds ?? [42, 123, 456]).join(', '),
    maxCells: 64,
    maxHours: 4,
  };
}

/** A grid sweep (a sweep link's) as the draft the section edits: checkDraft(sweep.base, draft) gives it back. */
export function draftOfSweep(sweep: SweepSpec): SweepDraft {
  return {
    name: sweep.name,
    axes: sweep.axes.map((a) => ({ field: a.field, text: a.values.join(', ') })),
    seedsText: sweep.seeds.join(', '),
    maxCells: sweep.budget.maxCells,
    maxHours: sweep.budget.maxHours,
  };
}

export type DraftCheck =
  | { ok: true; sweep: SweepSpec; cells: SweepCell[]; estimate: SweepEstimate }
  | { ok: false; error: string; count: number | null; estimate: SweepEstimate | null };

/** The draft as a sweep: validated, expanded, estimated and checked against its budget. */
export function checkDraft(base: ExperimentSpec, d: SweepDraft): DraftCheck {
  let sweep: SweepSpec;
  try {
    sweep = validateSweep({
      sweepVersion: 1, name: d.name, base, seeds: parseSeeds(d.seedsText), mode: 'grid',
      axes: d.axes.map((a) => ({ field: a.field, values: parseValues(a.field, a.text) })),
      budget: { maxCells: d.maxCells, maxHours: d.maxHours },
    });
  } catch (e) {
    if (e instanceof SpecError) return { ok: false, error: e.message, count: null, estimate: null };
    throw e;
  }
  const count = gridSize(sweep);
  if (count > MAX_CELLS) return { ok: false, error: `${count} cells: at most ${MAX_CELLS}`, count, estimate: null };
  let cells: SweepCell[];
  try {
    cells = expandSweep(sweep);
  } catch (e) {
    if (e instanceof SpecError) return { ok: false, error: e.message, count, estimate: null };
    throw e;
  }
  const estimate = estimateSweep(cells);
  try {
    checkSweepBudget(estimate, sweep.budget);
  } catch (e) {
    if (e instanceof SpecError) return { ok: false, error: e.message, count, estimate };
    throw e;
  }
  return { ok: true, sweep, cells, estimate };
}

/** The sweep file the CLI reads (`npm run sweep -- --spec FILE`), for running the same sweep on a cluster. */
export const sweepFileText = (sweep: SweepSpec): string => JSON.stringify(sweepDocument(sweep), null, 2) + '\n';
