/** Two experiment specs side by side, field by field, for the run comparison. */

export interface DiffRow {
  /** Dotted path of the field, e.g. `transformer.lr` or `saes.seeds`. */
  path: string;
  a: string;
  b: string;
  changed: boolean;
}

/** Leaves of a JSON-like value by dotted path; arrays are one leaf (seeds read as a list). */
export function flatten(value: unknown, prefix = '', out: Map<string, string> = new Map()): Map<string, string> {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix) {
    out.set(prefix, Array.isArray(value) ? value.join(', ') : String(value));
  }
  return out;
}

/** Every field of either spec, in the first spec's order, with the fields that differ marked (missing = '—'). */
export function specDiff(a: unknown, b: unknown): DiffRow[] {
  const fa = flatten(a);
  const fb = flatten(b);
  const paths = [...fa.keys(), ...[...fb.keys()].filter((k) => !fa.has(k))];
  return paths.map((path) => {
    const va = fa.get(path) ?? '—';
    const vb = fb.get(path) ?? '—';
    return { path, a: va, b: vb, changed: va !== vb };
  });
}
