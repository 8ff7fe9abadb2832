import { SpecError } from '../spec/fields.ts';
import { type StabiliserSpec, validateStabiliser } from './spec.ts';

/**
 * A spec's `stabilise` block (issue 14): the methods a comparison run trains beside plain training, each with its
 * knobs. Plain data and its check, shared by the CLI, the worker and the page.
 */

export interface StabiliseBlock {
  /** The methods compared with plain training (each with its knobs; plain and the controls are always added). */
  methods: StabiliserSpec[];
}

/** Validates `stabilise: { methods: [{ method, …knobs }] }` against the SAE seeds. */
export function validateStabiliseBlock(raw: unknown, seeds: number[], path = 'stabilise'): StabiliseBlock {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SpecError(`${path} must be an object with a "methods" list`);
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) if (key !== 'methods') throw new SpecError(`${path}.${key} is not a known field`);
  if (!Array.isArray(input.methods) || input.methods.length === 0) throw new SpecError(`${path}.methods must be a non-empty list`);
  const methods = input.methods.map((m, i) => validateStabiliser(m, seeds, `${path}.methods[${i}]`));
  if (methods.some((m) => m.method === 'plain')) throw new SpecError(`${path}.methods: leave plain out — plain training is always run`);
  if (methods.some((m) => m.init !== 'own')) throw new SpecError(`${path}.methods: leave init out — the shared-init control is always run`);
  // Each method is one arm named after it, so a second entry would give two rows with the same label.
  const twice = methods.find((m, i) => methods.findIndex((n) => n.method === m.method) !== i);
  if (twice) throw new SpecError(`${path}.methods lists ${twice.method} twice; compare its knob values in a sweep instead`);
  return { methods };
}
