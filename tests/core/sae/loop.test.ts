import { describe, expect, it } from 'vitest';
import { runSaeTraining } from '../../../src/core/sae/loop.ts';
import type { SaeMetrics } from '../../../src/core/sae/metrics.ts';
import { SaeTrainer } from '../../../src/core/sae/trainer.ts';
import { RunControl } from '../../../src/core/train/loop.ts';
import { useBackend } from '../../helpers/backend.ts';
import { plantedData, smallSpec } from './synthetic.ts';

describe('the SAE run loop', () => {
  const data = plantedData({ d: 8, m: 12, rows: 250, active: 2, seed: 8 });

  it('runs epochs × ceil(rows / batch) steps, evaluating at the start, every evalEvery steps and at the end', async () => {
    await useBackend('wasm');
    const trainer = new SaeTrainer(smallSpec({ seeds: [1, 2], epochs: 3, batchSize: 100, evalEvery: 4 }), data);
    const seen: SaeMetrics[] = [];
    const summary = await runSaeTraining(trainer, (m) => seen.push(m));
    trainer.dispose();
    expect(summary.totalSteps).toBe(9);
    expect(summary.steps).toBe(9);
    expect(seen.map((m) => m.step)).toEqual([0, 4, 8, 9]);
    expect(seen.every((m) => m.totalSteps === 9 && m.seeds.length === 2)).toBe(true);
    expect(seen.at(-1)!.epoch).toBe(3);
    expect(summary.final).toBe(seen.at(-1));
    expect(summary.final.seeds[0].fvu).toBeLessThan(seen[0].seeds[0].fvu);
    expect(summary.stopped).toBe(false);
  });

  it('stops between steps when asked and reports where it stopped', async () => {
    await useBackend('wasm');
    const trainer = new SaeTrainer(smallSpec({ epochs: 50, batchSize: 50, evalEvery: 5 }), data);
    const control = new RunControl();
    const summary = await runSaeTraining(trainer, (m) => {
      if (m.step === 10) control.stop();
    }, control);
    trainer.dispose();
    expect(summary.stopped).toBe(true);
    expect(summary.steps).toBe(10);
    expect(summary.final.step).toBe(10);
  });

  it('ReLU: λ rises linearly over the warm-up fraction of all steps, then stays', () => {
    const trainer = new SaeTrainer(smallSpec({ architecture: 'relu', l1: 2, l1WarmupFraction: 0.1, epochs: 10, batchSize: 25 }), data);
    expect(trainer.totalSteps).toBe(100);
    expect(trainer.penaltyAt(1)).toBeCloseTo(0.2);
    expect(trainer.penaltyAt(5)).toBeCloseTo(1);
    expect(trainer.penaltyAt(10)).toBe(2);
    expect(trainer.penaltyAt(60)).toBe(2);
    trainer.dispose();
  });
});
