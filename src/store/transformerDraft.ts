/**
 * The transformer controls hold raw text (what the user typed), not numbers, so a half-typed "1e-" or an empty box
 * is kept as typed and explained instead of being coerced. `checkDraft` turns the text into a valid spec or into
 * one message per bad field, reusing the core's field table so the page and the CLI accept exactly the same specs.
 */
import { SpecError, validateFields } from '../core/spec/fields.ts';
import { type TransformerSpec, transformerFields, validateTransformer } from '../core/spec/transformer.ts';

export type FieldKey = keyof TransformerSpec;
export type TransformerDraft = Record<FieldKey, string>;

export const fieldKeys = Object.keys(transformerFields) as FieldKey[];

export function draftOf(spec: TransformerSpec): TransformerDraft {
  const out = {} as TransformerDraft;
  for (const key of fieldKeys) out[key] = String(spec[key]);
  return out;
}

export interface DraftCheck {
  /** The spec the controls describe, or null while any value is bad. */
  spec: TransformerSpec | null;
  /** Per-field messages ("must be between 3 and 257; got 2"). */
  fieldErrors: Partial<Record<FieldKey, string>>;
  /** A message about a combination of fields (d_model not divisible by heads), shown under the controls. */
  formError: string | null;
}

const PATH = 'transformer';

/** Drops the "transformer.lr " prefix the core puts on its messages: the UI shows them under the field itself. */
function fieldMessage(key: FieldKey, e: unknown): string {
  const text = e instanceof SpecError ? e.message : String(e);
  const prefix = `${PATH}.${key} `;
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}

function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

export function checkDraft(draft: TransformerDraft): DraftCheck {
  const fieldErrors: Partial<Record<FieldKey, string>> = {};
  const values: Partial<Record<FieldKey, number>> = {};
  for (const key of fieldKeys) {
    const value = parseNumber(draft[key]);
    if (value === null) {
      fieldErrors[key] = draft[key].trim() === '' ? 'enter a number' : `"${draft[key]}" is not a number`;
      continue;
    }
    try {
      validateFields(PATH, transformerFields, { [key]: value });
      values[key] = value;
    } catch (e) {
      fieldErrors[key] = fieldMessage(key, e);
    }
  }
  if (Object.keys(fieldErrors).length > 0) return { spec: null, fieldErrors, formError: null };
  try {
    return { spec: validateTransformer(values), fieldErrors, formError: null };
  } catch (e) {
    return { spec: null, fieldErrors, formError: e instanceof SpecError ? e.message.replaceAll(`${PATH}.`, '') : String(e) };
  }
}

export function sameSpec(a: TransformerSpec, b: TransformerSpec): boolean {
  return fieldKeys.every((key) => a[key] === b[key]);
}
