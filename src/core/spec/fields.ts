/**
 * One table per spec part owns every serialisable field: its type, bounds, default and doc line.
 * Validation, the UI controls, CLI flags and share links all read these tables, so a field is declared once.
 */

export interface NumberField {
  kind: 'int' | 'float';
  label: string;
  doc: string;
  min: number;
  max: number;
  default: number;
  /** Show a log-scale control (learning rates, coefficients). */
  log?: boolean;
}

export interface ChoiceField<T extends string = string> {
  kind: 'choice';
  label: string;
  doc: string;
  options: readonly T[];
  default: T;
}

export interface IntListField {
  kind: 'intList';
  label: string;
  doc: string;
  min: number;
  max: number;
  minLength: number;
  maxLength: number;
  default: readonly number[];
}

export type Field = NumberField | ChoiceField | IntListField;
export type FieldTable<T> = { [K in keyof T]-?: Field };

/** The values a field table describes: a number per number field, an option per choice, a list per int list. */
export type FieldValues<F extends Readonly<Record<string, Field>>> = {
  -readonly [K in keyof F]: F[K] extends ChoiceField<infer T> ? T : F[K] extends IntListField ? number[] : number;
};

/** An error that names the offending field and says what was expected; safe to show to a user. */
export class SpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecError';
  }
}

export function defaultsOf<T>(table: FieldTable<T>): T {
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(table) as [string, Field][]) {
    out[key] = Array.isArray(field.default) ? [...field.default] : field.default;
  }
  return out as T;
}

function checkNumber(path: string, f: NumberField, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new SpecError(`${path} must be a finite number (${f.doc}); got ${JSON.stringify(v)}`);
  }
  if (f.kind === 'int' && !Number.isInteger(v)) throw new SpecError(`${path} must be an integer; got ${v}`);
  if (v < f.min || v > f.max) throw new SpecError(`${path} must be between ${f.min} and ${f.max}; got ${v}`);
  return v;
}

function checkField(path: string, f: Field, v: unknown): unknown {
  switch (f.kind) {
    case 'int':
    case 'float':
      return checkNumber(path, f, v);
    case 'choice':
      if (typeof v !== 'string' || !f.options.includes(v)) {
        throw new SpecError(`${path} must be one of ${f.options.join(', ')}; got ${JSON.stringify(v)}`);
      }
      return v;
    case 'intList': {
      if (!Array.isArray(v)) throw new SpecError(`${path} must be a list of integers; got ${JSON.stringify(v)}`);
      if (v.length < f.minLength || v.length > f.maxLength) {
        throw new SpecError(`${path} must hold ${f.minLength} to ${f.maxLength} values; got ${v.length}`);
      }
      const asInt: NumberField = { ...f, kind: 'int', default: 0 };
      const list = v.map((x, i) => checkNumber(`${path}[${i}]`, asInt, x));
      if (new Set(list).size !== list.length) throw new SpecError(`${path} must not repeat a value`);
      return list;
    }
  }
}

/**
 * Validates `raw` against `table`: missing fields take defaults, unknown fields are rejected (a typo must not be
 * silently ignored), and every value is bounds-checked.
 */
export function validateFields<T>(path: string, table: FieldTable<T>, raw: unknown): T {
  if (raw === undefined) return defaultsOf(table);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new SpecError(`${path} must be an object`);
  }
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    // Own keys only: `key in table` would accept "__proto__", "constructor" or "toString" from the prototype.
    if (!Object.hasOwn(table, key)) throw new SpecError(`${path}.${key} is not a known field`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(table) as [string, Field][]) {
    const v = input[key];
    out[key] = v === undefined ? defaultsOf(table)[key as keyof T] : checkField(`${path}.${key}`, field, v);
  }
  return out as T;
}
