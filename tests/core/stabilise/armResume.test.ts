import { beforeAll, describe, expect, it } from 'vitest';
import { type ArmResumePoint, type ComparisonInputs, trainArms, validateStabiliseBlock } from '../../../src/core/stabilise/comparison.ts';
import type { FinishedArm } from '../../../src/core/stabilise/finished.ts';
import * as tf from '../../../src/core/tf.ts';
import { useBackend } from '../../helpers/backend.ts';
import { plantedData, smallSpec } from '../sae/synthetic.ts';

/**
 * An arm stopped mid-way continues from its last saved point (issue 14): the continued comparison gives every arm
 * bit for bit the weights of a run that never stopped, and counts every training step once.
 */

const acts = plantedData({ d: 8, m: 12, rows: 384, active: 2, seed: 5, offset: 0.5 });
// 6 steps an epoch, 24 a trainer; a point can be saved every 6 steps.
const sae = smallSpec({ seeds: [1, 2, 3, 4], epochs: 4, batchSize: 64, expansion: 4, k: 3, evalEvery: 6 });
const same = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
const decoders = (arms: FinishedArm[]) => arms.map((f) => f.arm.seeds.map((s) => s.dictionary.decoder));
const fvus = (arms: FinishedArm[]) => arms.map((f) => f.arm.seeds.map((s) => s.fvu));

class Stop extends Error {}

/** Runs the comparison, throwing Stop after `stopAt` steps; returns what a host would have kept. */
async function stoppedRun(block: ComparisonInputs['block'], stopAt: number, extra: Partial<ComparisonInputs> = {}) {
  const finished: FinishedArm[] = [];
  const points: ArmResumePoint[] = [];
  let stepped = 0;
  const run = trainArms({
    sae, acts, block, ...extra,
    onArmDone: (f) => finished.push(f),
    armCheckpoints: { due: () => true, save: async (p) => void points.push(structuredClone(p)) },
    onStep: async () => {
      if (++stepped === stopAt) throw new Stop();
    },
  });
  await expect(run).rejects.toBeInstanceOf(Stop);
  return { finished, points };
}

describe('an arm continued from its last checkpoint', () => {
  beforeAll(async () => useBackend('cpu'));

  for (const [name, method, stopAt, group] of [
    // plain 24 + plain · shared 24 + references 24, then 15 steps into consistency: its last point is at step 12.
    ['consistency (references stored with the point)', { method: 'consistency', alpha: 0.5 }, 24 * 3 + 15, 0],
    // Alignment re-matches every 4 steps: only every 12th step is both an evaluation and a re-match (points at 12).
    ['alignment (points only where a re-match follows)', { method: 'alignment', alpha: 0.5, rematchEvery: 4 }, 24 * 3 + 23, 0],
    // Mutual trains 2 groups of 2: stopped in the second group, the first group's seeds come back from the point.
    ['mutual (the second group, the first one finished)', { method: 'mutual', groupSize: 2 }, 24 * 2 + 24 + 8, 1],
  ] as const) {
    it(`${name} ends as the run that never stopped`, async () => {
      const block = validateStabiliseBlock({ methods: [method] }, sae.seeds);
      const whole = await trainArms({ sae, acts, block });
      const before = tf.memory().numTensors;
      const { finished, points } = await stoppedRun(block, stopAt);
      expect(tf.memory().numTensors).toBe(before);
      const point = points.at(-1)!;
      expect(point.label).toBe(block.methods[0].method);
      expect(point.group).toBe(group);
      expect(point.state.step % 12 === 0 || method.method !== 'alignment').toBe(true);
      expect(point.references !== undefined).toBe(method.method !== 'mutual');

      let stepped = 0;
      let plan: { steps: number; done: number } | null = null;
      let resumed: { label: string; step: number } | null = null;
      const rest = await trainArms({
        sae, acts, block, finished, resumeArm: point,
        onPlan: (p) => (plan = p), onResumed: (r) => (resumed = r), onStep: async () => void stepped++,
      });
      expect(resumed).toEqual({ label: point.label, step: plan!.done });
      expect(plan!.done).toBeGreaterThan(finished.length * 24);
      expect(plan!.done + stepped).toBe(plan!.steps); // every step counted once: the bar ends at 100 %
      expect(rest.planned).toEqual(whole.planned);
      const [a, b] = [decoders(rest.finished), decoders(whole.finished)];
      a.forEach((arm, i) => arm.forEach((d, j) => expect(same(d, b[i][j]), `${rest.planned[i]} seed ${j}`).toBe(true)));
      expect(fvus(rest.finished)).toEqual(fvus(whole.finished));
    });
  }

  it('ignores a point of another arm, and restarts an arm whose point does not fit these activations', async () => {
    const block = validateStabiliseBlock({ methods: [{ method: 'consistency', alpha: 0.5 }] }, sae.seeds);
    const whole = await trainArms({ sae, acts, block });
    const { finished, points } = await stoppedRun(block, 24 * 3 + 15);
    const point = points.at(-1)!;
    const answers: ({ label: string; step: number } | null)[] = [];
    // Another arm's point: consistency · shared init is not the first arm left to train.
    await trainArms({ sae, acts, block, finished, resumeArm: { ...point, label: 'consistency · shared init', stab: { ...point.stab, init: 'shared' } }, onResumed: (r) => answers.push(r) });
    expect(answers).toEqual([null]);
    // Activations read on another backend have another scale: the trainer refuses the point and the arm starts again.
    const scaled = structuredClone(point);
    scaled.state.counters.scale = [scaled.state.counters.scale[0] * 1.5];
    let stepped = 0;
    let plan: { steps: number; done: number } | null = null;
    const rest = await trainArms({
      sae, acts, block, finished, resumeArm: scaled, onPlan: (p) => (plan = p), onResumed: (r) => answers.push(r), onStep: async () => void stepped++,
    });
    expect(answers.slice(1)).toEqual([{ label: 'consistency', step: plan!.done }, null]);
    expect(stepped).toBe(plan!.steps - 24 * 2); // everything after the two carried arms: the references and the arm again
    const [a, b] = [decoders(rest.finished), decoders(whole.finished)];
    a.forEach((arm, i) => arm.forEach((d, j) => expect(same(d, b[i][j])).toBe(true)));
  });
});
