import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readExternalTable } from '../../../cli/reportInput.ts';
import { runComparison, validateStabiliseBlock } from '../../../src/core/stabilise/comparison.ts';
import * as tf from '../../../src/core/tf.ts';
import { useBackend } from '../../helpers/backend.ts';
import { plantedData, smallSpec } from '../sae/synthetic.ts';

/** One whole comparison run on planted data: every arm and control present, labelled and judged as documented. */
describe('a comparison run', () => {
  beforeAll(async () => useBackend('cpu'));

  it('trains plain, each method, the shared-init controls and the shared-rows control, then judges only held-out rows', async () => {
    // 384 rows = 6 blocks of an 8 × 8 "grid": enough for Fourier initialisation to run (its directions are noise here).
    const acts = plantedData({ d: 8, m: 12, rows: 384, active: 2, seed: 5, offset: 0.5 });
    const sae = smallSpec({ seeds: [1, 2, 3, 4], epochs: 2, batchSize: 64, expansion: 4, k: 3, evalEvery: 6 });
    const block = validateStabiliseBlock({ methods: [{ method: 'consistency', alpha: 0.5 }, { method: 'mutual', groupSize: 2 }, { method: 'fourierInit' }] }, sae.seeds);
    const labels: string[] = [];
    let planned: { arms: string[]; steps: number } | null = null;
    let stepped = 0;
    const result = await runComparison({
      sae, acts, block, fourier: { p: 8, keyFrequencies: [1, 3] }, onArm: (l) => labels.push(l),
      onPlan: (p) => (planned = p), onStep: async () => void stepped++,
    });
    // The plan announced up front is what was trained: the page's progress bar ends at 100 %.
    expect(planned!.arms).toEqual(labels);
    expect(stepped).toBe(planned!.steps);
    expect(labels).toEqual([
      'plain', 'plain · shared init', 'consistency', 'consistency · shared init', 'mutual', 'mutual · shared init',
      'fourierInit', 'fourierInit · shared init', 'plain · 12 shared rows', // 2 keys × 3 inputs × cos/sin
    ]);
    const row = (label: string) => result.rows.find((r) => r.label === label)!;
    expect(result.rows.filter((r) => r.inVerdict).map((r) => r.label)).toEqual(['consistency', 'mutual', 'fourierInit']);
    expect(row('mutual').units).toBe(2); // two groups of two
    expect(row('mutual').pairs).toBe(4); // only the cross pairs
    expect(row('consistency').units).toBe(4);
    expect(row('consistency vs its own reference').role).toBe('ownReference');
    expect(row('fourierInit').gain!.over).toBe('plain · 12 shared rows');
    expect(row('consistency').gain!.over).toBe('plain');
    expect(Object.keys(result.nulls).sort()).toEqual(['covariance', 'isotropic', 'rotation', 'subspace']);
    for (const r of result.rows) expect(r.price.fourierShare).not.toBeNull();
    expect(row('plain').price.stableFourier).not.toBeNull(); // share of live latents, in [0, 1]
    expect(row('plain').price.stableFourier!.mean).toBeGreaterThanOrEqual(0);
    expect(row('plain').price.stableFourier!.mean).toBeLessThanOrEqual(row('plain').price.fourierShare!.mean);
    expect(result.answer.length).toBeGreaterThan(20);

    // The same result, as `npm run stabilise` writes it, is the Phase 3 report's question 5 table.
    const dir = mkdtempSync(join(tmpdir(), 'stabilise-'));
    writeFileSync(join(dir, 'stabilise.json'), JSON.stringify(result));
    const table = readExternalTable(join(dir, 'stabilise.json'), '--stabilisers');
    expect(table.rows.map((r) => r[0])).toEqual(result.rows.map((r) => r.label));
    expect(table.head[3]).toBe('PWMCC max');
    expect(table.answer).toContain(result.answer);
    expect(table.answer).toContain('strongest null');
    rmSync(dir, { recursive: true });
  });

  it('stops when onStep throws, leaving no tensors behind', async () => {
    const acts = plantedData({ d: 8, m: 12, rows: 128, active: 2, seed: 6, offset: 0.5 });
    const sae = smallSpec({ seeds: [1, 2], epochs: 2, batchSize: 64, expansion: 2, k: 2, evalEvery: 2 });
    const block = validateStabiliseBlock({ methods: [{ method: 'consistency' }] }, sae.seeds);
    const before = tf.memory().numTensors;
    let stepped = 0;
    const stopped = new Error('stopped');
    const run = runComparison({ sae, acts, block, onStep: async () => { if (++stepped === 7) throw stopped; } });
    await expect(run).rejects.toBe(stopped);
    expect(stepped).toBe(7); // no step after the stop
    expect(tf.memory().numTensors).toBe(before);
  });
});
