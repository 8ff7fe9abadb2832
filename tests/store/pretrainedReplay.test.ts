import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { snapshotFile as cliSnapshotFile } from '../../cli/snapshots.ts';
import { encodeSafetensors } from '../../src/core/io/safetensors.ts';
import { replayFrameOf, snapshotFile, snapshotSteps } from '../../src/store/pretrainedReplay.ts';

const DIR = 'public/pretrained/transformer/snapshots/';
const P = 113;
const shipped = (step: number) => replayFrameOf(new Uint8Array(readFileSync(DIR + snapshotFile(step))), step, P);

describe('the pretrained run replayed from its snapshots', () => {
  it('reads the shipped index, whose files exist under the CLI\'s names', () => {
    const steps = snapshotSteps(JSON.parse(readFileSync(DIR + 'index.json', 'utf8')));
    expect(steps[0]).toBe(0);
    expect(steps.length).toBeGreaterThanOrEqual(10);
    for (const step of steps) {
      expect(snapshotFile(step)).toBe(cliSnapshotFile(step));
      expect(() => readFileSync(DIR + snapshotFile(step))).not.toThrow();
    }
  });

  it('shows key frequencies appearing: none at initialisation, the grokked model\'s at the end', () => {
    const steps = snapshotSteps(JSON.parse(readFileSync(DIR + 'index.json', 'utf8')));
    const first = shipped(steps[0]);
    const last = shipped(steps.at(-1)!);
    expect(first.norms).toHaveLength((P - 1) / 2);
    expect(first.keyFrequencies).toEqual([]);
    expect(first.keyFraction).toBe(0);
    // The grokked model's key frequencies (tests/core/analysis/grokkedFourier.test.ts reads them from model.safetensors).
    expect(last.keyFrequencies).toEqual(expect.arrayContaining([17, 28, 30]));
    expect(last.keyFraction).toBeGreaterThan(0.5);
    const total = last.norms.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThanOrEqual(last.total * (1 + 1e-9)); // Parseval: frequencies + constant part
  });

  it('refuses a bad index or snapshot with a message that says what is wrong', () => {
    expect(() => snapshotSteps({ steps: [] })).toThrow('non-empty');
    expect(() => snapshotSteps({ steps: [0, 100, 100] })).toThrow('ascend');
    expect(() => snapshotSteps({ steps: [0, 1.5] })).toThrow('steps[1] must be a non-negative integer');
    expect(() => snapshotSteps(null)).toThrow('non-empty');
    const wrong = encodeSafetensors({ 'embed.W_E': { shape: [10, 4], data: new Float32Array(40) } }, {}, 'F16');
    expect(() => replayFrameOf(wrong, 5, P)).toThrow('snapshot of step 5: embed.W_E has shape [10,4], not [114, d] for p = 113');
    const none = encodeSafetensors({ other: { shape: [1], data: new Float32Array(1) } });
    expect(() => replayFrameOf(none, 5, P)).toThrow('no embed.W_E');
    const nan = encodeSafetensors({ 'embed.W_E': { shape: [P + 1, 2], data: new Float32Array(2 * (P + 1)).fill(NaN) } });
    expect(() => replayFrameOf(nan, 5, P)).toThrow('not a finite number');
  });
});
