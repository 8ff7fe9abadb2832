import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTransformer } from '../../../src/core/io/transformerFiles.ts';
import { type FourierReport, analyzeTransformerModel } from '../../../src/core/experiment/analyze.ts';
import { Transformer } from '../../../src/core/transformer/model.ts';
import { useBackend } from '../../helpers/backend.ts';

/**
 * Key frequencies on a real grokked p = 113 model: the one the lab ships (public/pretrained/, trained by its own CLI,
 * test accuracy ≥ 0.99 at step 780). Its embedding also carries 34 = 2·17, a harmonic of key frequency 17 with no
 * neuron cluster of its own: the rule must leave it out, and the key frequencies must be the ones the MLP neurons
 * cluster on (an embedding-only frequency is allowed only when it holds little of the spectrum).
 */
describe('key frequencies of the shipped grokked p = 113 model', () => {
  let report: FourierReport;
  let model: Transformer;

  beforeAll(async () => {
    await useBackend('wasm');
    const dir = 'public/pretrained/transformer/';
    const decoded = decodeTransformer(JSON.parse(readFileSync(`${dir}config.json`, 'utf8')), new Uint8Array(readFileSync(`${dir}model.safetensors`)));
    model = new Transformer(decoded.spec, decoded.weights);
    report = await analyzeTransformerModel(model);
  });
  afterAll(() => model?.dispose());

  it('leaves out the harmonic 34 = 2·17 and keeps the frequencies the neurons cluster on', () => {
    expect(report.harmonicsExcluded.map((h) => [h.frequency, h.of])).toContainEqual([34, 17]);
    expect(report.keyFrequencies).not.toContain(34);
    const check = report.neuronCheck!;
    expect(check.onlyNeurons).toEqual([]); // no frequency the neurons use is missed
    for (const k of check.neuronFrequencies) expect(report.keyFrequencies).toContain(k);
    const total = report.embeddingNorms.reduce((a, b) => a + b, 0);
    for (const k of check.onlyEmbedding) expect(report.embeddingNorms[k - 1] / total).toBeLessThan(0.05);
    expect(report.keyFrequencyFraction).toBeGreaterThan(0.6);
  });
});
