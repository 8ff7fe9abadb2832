/**
 * A transformer brought in from files (docs/files.md, docs/cli.md): `config.json` and one safetensors file, as the
 * lab writes them (`model.safetensors`, also as the page's downloads `transformer__config.json`, …) or as a
 * TransformerLens model saved elsewhere. The page's "Open transformer…" and the CLI's `--transformer DIR` both read
 * through here, so they accept and refuse the same files with the same messages. Nothing is trusted: every check
 * runs before the caller stores or writes anything.
 */
import { SpecError } from '../spec/fields.ts';
import type { TransformerSpec } from '../spec/transformer.ts';
import type { ImportFile } from './saeImport.ts';
import { SafetensorsError } from './safetensors.ts';
import { type DecodedTransformer, decodeTransformer } from './transformerFiles.ts';

export const TRANSFORMER_IMPORT_LIMITS = { totalBytes: 512 * 2 ** 20, configBytes: 2 ** 20 };

export interface ImportedTransformer extends DecodedTransformer {
  /** The names of the two files read, for messages ("config.json + model.safetensors"). */
  files: [string, string];
}

/** A file's own name, without its folder and without the page's download prefix (`transformer__`). */
export function baseName(path: string): string {
  const base = path.replace(/\\/g, '/').split('/').filter(Boolean).pop() ?? '';
  const cut = base.lastIndexOf('__');
  return cut > 0 ? base.slice(cut + 2) : base;
}

/** The config and weight files among those chosen (other files, e.g. a checkpoint in the same folder, are left alone). */
export function pickTransformerFiles<F extends { path: string }>(files: F[]): { config: F; weights: F } {
  const configs = files.filter((f) => baseName(f.path) === 'config.json');
  const tensors = files.filter((f) => baseName(f.path).endsWith('.safetensors'));
  if (configs.length === 0) throw new SpecError('no config.json among the files: choose config.json and the safetensors file of one transformer');
  if (configs.length > 1) throw new SpecError(`${configs.length} config.json files (${configs.map((f) => f.path).join(', ')}): choose one transformer`);
  if (tensors.length === 0) throw new SpecError('no .safetensors file among the files: choose config.json and the weights (e.g. model.safetensors)');
  const named = tensors.filter((f) => baseName(f.path) === 'model.safetensors');
  if (tensors.length > 1 && named.length !== 1) {
    throw new SpecError(`${tensors.length} safetensors files (${tensors.map((f) => f.path).join(', ')}): keep one, or name the weights model.safetensors`);
  }
  return { config: configs[0], weights: named[0] ?? tensors[0] };
}

/**
 * Checks and decodes a chosen transformer. `recipe` supplies the training fields when config.json has no lab
 * `training` block (see DecodedTransformer.splitKnown). Throws SpecError with a message for the user.
 */
export function readTransformerImport(files: ImportFile[], recipe?: TransformerSpec): ImportedTransformer {
  const total = files.reduce((a, f) => a + f.bytes.length, 0);
  if (total > TRANSFORMER_IMPORT_LIMITS.totalBytes) throw new SpecError(`the files hold ${total} bytes; at most ${TRANSFORMER_IMPORT_LIMITS.totalBytes} are read`);
  const { config, weights } = pickTransformerFiles(files);
  if (config.bytes.length > TRANSFORMER_IMPORT_LIMITS.configBytes) throw new SpecError(`${config.path} is ${config.bytes.length} bytes; a config.json is far smaller`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(config.bytes));
  } catch (e) {
    throw new SpecError(`${config.path} is not valid JSON: ${(e as Error).message}`);
  }
  try {
    return { ...decodeTransformer(json, weights.bytes, recipe), files: [config.path, weights.path] };
  } catch (e) {
    if (e instanceof SafetensorsError) throw new SpecError(`${weights.path}: ${e.message}`);
    throw e;
  }
}
