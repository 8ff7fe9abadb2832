/**
 * The Stabilise section's controls as data: which methods are picked and the text of each knob (the method's fields
 * from core/stabilise/spec.ts, init left out: the controls set it). Checked into a spec's `stabilise` block.
 */
import { type NumberField, SpecError } from '../core/spec/fields.ts';
import { type StabiliseBlock, validateStabiliseBlock } from '../core/stabilise/block.ts';
import { stabiliserInfo } from '../core/stabilise/methodInfo.ts';
import { type StabiliserName, type StabiliserSpec, stabiliserFields, stabiliserNames, validateStabiliser } from '../core/stabilise/spec.ts';

export type KnobKey = Exclude<keyof StabiliserSpec, 'method' | 'init' | 'sharedRows'>;

export interface StabiliseDraft {
  /** In the registry's order. */
  picked: StabiliserName[];
  /** Knob texts a user changed, per method; a knob absent here has its default. */
  knobs: Partial<Record<StabiliserName, Partial<Record<KnobKey, string>>>>;
  /** Part of the notebook's spec (links, files): once a user changes it, or when a spec brought it. */
  inSpec?: boolean;
}

/** Every method a user can pick (plain training is always run as the baseline). */
export const pickableMethods: readonly StabiliserName[] = stabiliserNames.filter((n) => n !== 'plain');

/** The knobs a method's controls show: its own fields, less the initialisation the controls vary. */
export const knobsOf = (name: StabiliserName): KnobKey[] =>
  stabiliserInfo[name].knobs.filter((k): k is KnobKey => k !== 'init' && k !== 'sharedRows' && k !== 'method');

export const initialStabiliseDraft = (): StabiliseDraft => ({ picked: ['consistency'], knobs: {} });

export const knobText = (d: StabiliseDraft, name: StabiliserName, knob: KnobKey): string =>
  d.knobs[name]?.[knob] ?? String(stabiliserFields[knob].default);

export function pickMethod(d: StabiliseDraft, name: StabiliserName, on: boolean): StabiliseDraft {
  const picked = pickableMethods.filter((n) => (n === name ? on : d.picked.includes(n)));
  return { ...d, picked, inSpec: true };
}

export function setKnob(d: StabiliseDraft, name: StabiliserName, knob: KnobKey, text: string): StabiliseDraft {
  return { ...d, knobs: { ...d.knobs, [name]: { ...d.knobs[name], [knob]: text } }, inSpec: true };
}

/** The controls for a spec's block (one entry per method: a method listed twice keeps its first knobs). */
export function stabiliseDraftOf(block: StabiliseBlock): StabiliseDraft {
  const first = (name: StabiliserName) => block.methods.find((m) => m.method === name);
  const knobs: StabiliseDraft['knobs'] = {};
  for (const m of block.methods) {
    if (first(m.method) !== m) continue;
    knobs[m.method] = Object.fromEntries(knobsOf(m.method).map((k) => [k, String(m[k])]));
  }
  return { picked: pickableMethods.filter((n) => first(n) !== undefined), knobs, inSpec: true };
}

export type StabiliseDraftCheck = { block: StabiliseBlock; error: null } | { block: null; error: string };

/** The picked methods with their knobs as a `stabilise` block checked against the SAE seeds, or the first problem. */
export function checkStabiliseDraft(d: StabiliseDraft, seeds: number[]): StabiliseDraftCheck {
  if (d.picked.length === 0) return { block: null, error: 'pick at least one method' };
  if (seeds.length < 2) return { block: null, error: 'give the SAEs at least two seeds: stability is measured between seeds' };
  try {
    const methods = d.picked.map((name) => {
      const raw: Record<string, unknown> = { method: name };
      for (const knob of knobsOf(name)) {
        const text = knobText(d, name, knob).trim();
        raw[knob] = stabiliserFields[knob].kind === 'choice' ? text : text === '' ? NaN : Number(text);
      }
      return validateStabiliser(raw, seeds, name);
    });
    return { block: validateStabiliseBlock({ methods }, seeds), error: null };
  } catch (e) {
    if (e instanceof SpecError) return { block: null, error: e.message };
    throw e;
  }
}

/** A number knob's input attributes from its field (bounds; step 'any' for floats). */
export function numberInput(knob: KnobKey): { min: number; max: number; step: number | 'any' } | null {
  const f = stabiliserFields[knob];
  if (f.kind !== 'int' && f.kind !== 'float') return null;
  return { min: (f as NumberField).min, max: (f as NumberField).max, step: f.kind === 'int' ? 1 : 'any' };
}
