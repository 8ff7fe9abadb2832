import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../../src/core/spec/experiment.ts';
import { grokDelay } from '../../../src/core/train/grokDelay.ts';
import { type TransformerMetrics, TransformerTrainer } from '../../../src/core/train/transformerTrainer.ts';
import { useBackend } from '../../helpers/backend.ts';

const at = (step: number, trainAcc: number, testAcc: number) => ({ step, trainAcc, testAcc });

describe('the grokking criterion (memorise at m, test < 0.6 until ≥ 3m, then ≥ 0.99)', () => {
  it('holds for a plateau of 3m, not for one shorter, a run that never groks or one that never memorises', () => {
    const plateau = (end: number) => [at(0, 0.1, 0.05), at(100, 0.99, 0.2), at(end - 10, 1, 0.5), at(end, 1, 0.7), at(end + 100, 1, 0.995)];
    expect(grokDelay(plateau(300))).toEqual({ memorisedAt: 100, plateauEndsAt: 300, grokkedAt: 400, ratio: 3, holds: true });
    expect(grokDelay(plateau(290)).holds).toBe(false);
    expect(grokDelay(plateau(300).slice(0, 4)).holds).toBe(false); // not grokked yet
    expect(grokDelay([at(0, 0.5, 0.01), at(10, 0.9, 0.995)]).holds).toBe(false);
  });
});

describe('the teach preset', () => {
  it('memorises, plateaus for at least 3× as long, then groks (seed 0, wasm as the CLI; ~25 s on an idle machine)', async () => {
    await useBackend('wasm');
    const spec = presetSpec('teach').transformer;
    const trainer = new TransformerTrainer(spec);
    const points: TransformerMetrics[] = [];
    try {
      while (trainer.stepCount < spec.steps) {
        trainer.step();
        if (trainer.stepCount % spec.evalEvery !== 0) continue;
        const m = await trainer.evaluate();
        points.push(m);
        if (m.testAcc >= 0.99) break;
      }
    } finally {
      trainer.dispose();
    }
    const d = grokDelay(points);
    expect(d, JSON.stringify(d)).toMatchObject({ holds: true });
    expect(d.grokkedAt!).toBeLessThan(spec.steps);
  }, 300_000);
});
