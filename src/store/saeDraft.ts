/**
 * The SAE controls as typed: text for numbers and the seed list, option names for choices. `checkSaeDraft` turns
 * them into a valid SaeSpec or into one message per bad field, through the core's field table and validateSaes
 * (against the transformer the SAEs will read), so the page and the CLI accept exactly the same specs.
 */
import { type Field, SpecError, validateFields } from '../core/spec/fields.ts';
import { type SaeFieldKey, type SaeSpec, type SaeSpecFields, saeFields, validateSaes } from '../core/spec/sae.ts';
import type { TransformerSpec } from '../core/spec/transformer.ts';

export type { SaeFieldKey };
/** Every architecture's knobs as typed: switching architecture keeps the others' values for switching back. */
export type SaeDraft = Record<SaeFieldKey, string>;

export const saeFieldKeys = Object.keys(saeFields) as SaeFieldKey[];

export const formatSeeds = (seeds: readonly number[]): string => seeds.join(', ');

/** The controls showing `spec`; a knob of another architecture the spec lacks shows its default. */
export function saeDraftOf(spec: SaeSpec): SaeDraft {
  const out = {} as SaeDraft;
  const fields: Partial<SaeSpecFields> = spec;
  for (const key of saeFieldKeys) {
    const value = fields[key] ?? saeFields[key].default;
    out[key] = Array.isArray(value) ? formatSeeds(value) : String(value);
  }
  return out;
}

export interface SaeDraftCheck {
  spec: SaeSpec | null;
  fieldErrors: Partial<Record<SaeFieldKey, string>>;
  /** A message about the combination with the transformer (layer, k against the number of latents). */
  formError: string | null;
}

const PATH = 'saes';

function fieldMessage(key: SaeFieldKey, e: unknown): string {
  const text = e instanceof SpecError ? e.message : String(e);
  const prefix = `${PATH}.${key}`;
  if (!text.startsWith(prefix)) return text;
  // "saes.seeds[1] must be …" → "seed 2 must be …"; "saes.lr must be …" → "must be …"
  return text.slice(prefix.length).replace(/^\[(\d+)\]/, (_, i: string) => `seed ${Number(i) + 1}`).trim();
}

/** "42, 123 456" → [42, 123, 456]; a word that is not a number is reported as typed. */
function parseList(text: string): number[] | string {
  const parts = text.split(/[\s,;]+/).filter((s) => s !== '');
  if (parts.length === 0) return 'enter at least one seed';
  const bad = parts.find((s) => !Number.isFinite(Number(s)));
  return bad !== undefined ? `"${bad}" is not a number` : parts.map(Number);
}

function parseValue(field: Field, text: string): unknown {
  if (field.kind === 'choice') return text;
  if (field.kind === 'intList') return parseList(text);
  const trimmed = text.trim();
  if (trimmed === '') return 'enter a number';
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : `"${text}" is not a number`;
}

/** Checks the draft; with `transformer` also the cross-field rules (layer exists, k ≤ latents). */
export function checkSaeDraft(draft: SaeDraft, transformer: TransformerSpec | null): SaeDraftCheck {
  const fieldErrors: Partial<Record<SaeFieldKey, string>> = {};
  const values: Partial<Record<SaeFieldKey, unknown>> = {};
  for (const key of saeFieldKeys) {
    const field = saeFields[key];
    const parsed = parseValue(field, draft[key]);
    if (typeof parsed === 'string' && field.kind !== 'choice') {
      fieldErrors[key] = parsed;
      continue;
    }
    try {
      validateFields(PATH, saeFields, { [key]: parsed });
      values[key] = parsed;
    } catch (e) {
      fieldErrors[key] = fieldMessage(key, e);
    }
  }
  if (Object.keys(fieldErrors).length > 0) return { spec: null, fieldErrors, formError: null };
  try {
    return { spec: validateSaes(values, transformer ?? undefined), fieldErrors, formError: null };
  } catch (e) {
    return { spec: null, fieldErrors, formError: e instanceof SpecError ? e.message.replaceAll(`${PATH}.`, '') : String(e) };
  }
}
