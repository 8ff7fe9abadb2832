import { type StabiliseBlock, validateStabiliseBlock } from '../stabilise/block.ts';
import { SpecError } from './fields.ts';
import { type SaeSpec, saePresets, validateSaes } from './sae.ts';
import { type TransformerSpec, transformerPresets, validateTransformer } from './transformer.ts';

/**
 * The experiment spec: one versioned JSON document describes a whole notebook. The UI, share links, the CLI and
 * reports all read and write this shape. When it changes, bump SPEC_VERSION and make
 * validateSpec read the old version too (version 1 is the only one so far, so no migration exists yet).
 */
export const SPEC_VERSION = 1;

export interface ExperimentSpec {
  version: typeof SPEC_VERSION;
  name: string;
  transformer: TransformerSpec;
  /** SAEs trained on the transformer's activations, one per seed (optional: absent = transformer only). */
  saes?: SaeSpec;
  /** Stabilisers compared with plain training on these SAEs (`npm run stabilise`, the Stabilise section; needs saes). */
  stabilise?: StabiliseBlock;
}

export type PresetName = keyof typeof transformerPresets;
export const presetNames = Object.keys(transformerPresets) as PresetName[];

export function presetSpec(name: string): ExperimentSpec {
  if (!(name in transformerPresets)) {
    throw new SpecError(`unknown preset "${name}"; known presets: ${presetNames.join(', ')}`);
  }
  const spec: ExperimentSpec = { version: SPEC_VERSION, name, transformer: { ...transformerPresets[name as PresetName] } };
  // The small presets carry small SAEs so that the whole pipeline runs in about a minute on a CPU.
  if (name === 'tiny' || name === 'teach') spec.saes = { ...saePresets[name], seeds: [...saePresets[name].seeds] };
  return spec;
}

const MAX_NAME_LENGTH = 200;

/** Validates untrusted input (a file, a link, a message) into a complete spec, or throws a SpecError. */
export function validateSpec(raw: unknown): ExperimentSpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SpecError('spec must be a JSON object');
  const input = raw as Record<string, unknown>;
  if (input.version !== SPEC_VERSION) {
    throw new SpecError(`spec version ${JSON.stringify(input.version)} is not supported (this lab reads version ${SPEC_VERSION})`);
  }
  for (const key of Object.keys(input)) {
    if (!['version', 'name', 'transformer', 'saes', 'stabilise'].includes(key)) throw new SpecError(`spec.${key} is not a known field`);
  }
  const name = input.name ?? 'experiment';
  if (typeof name !== 'string' || name.length > MAX_NAME_LENGTH) {
    throw new SpecError(`spec.name must be a string of at most ${MAX_NAME_LENGTH} characters`);
  }
  const transformer = validateTransformer(input.transformer);
  const spec: ExperimentSpec = { version: SPEC_VERSION, name, transformer };
  if (input.saes !== undefined) spec.saes = validateSaes(input.saes, transformer);
  if (input.stabilise !== undefined) {
    if (!spec.saes) throw new SpecError('spec.stabilise needs spec.saes: the stabilisers train those SAEs');
    spec.stabilise = validateStabiliseBlock(input.stabilise, spec.saes.seeds, 'spec.stabilise');
  }
  return spec;
}
