/**
 * The transformer as the CLI writes it to `DIR/transformer/` (cli/stages/transformer.ts) and the page downloads
 * it: `model.safetensors` (TransformerLens state-dict names and shapes) and `config.json` (HookedTransformerConfig
 * keys, p, the spec).
 */
import { encodeTransformer, transformerConfig } from '../io/transformerFiles.ts';
import type { TransformerSpec } from '../spec/transformer.ts';
import type { WeightMap } from '../transformer/weights.ts';

export interface ModelFile {
  folder: 'transformer';
  name: 'model.safetensors' | 'config.json';
  bytes: Uint8Array;
}

export function transformerFiles(spec: TransformerSpec, weights: WeightMap): ModelFile[] {
  const config = JSON.stringify(transformerConfig(spec), null, 2) + '\n';
  return [
    { folder: 'transformer', name: 'model.safetensors', bytes: encodeTransformer(spec, weights) },
    { folder: 'transformer', name: 'config.json', bytes: new TextEncoder().encode(config) },
  ];
}
