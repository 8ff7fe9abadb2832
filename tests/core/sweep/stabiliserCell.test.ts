/**
 * A stabiliser sweep cell on the page's path (InMemoryCellRunner): its report's SAEs are the method arm's, its row's
 * gains are the comparison's, and they equal running the comparison directly on the same activations.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeTransformerModel } from '../../../src/core/experiment/analyze.ts';
import { collectActivations } from '../../../src/core/sae/activations.ts';
import { saeHookName } from '../../../src/core/spec/sae.ts';
import { runComparison } from '../../../src/core/stabilise/comparison.ts';
import { InMemoryCellRunner } from '../../../src/core/sweep/cell.ts';
import { PlainArms, REUSED_REFERENCES, runStabiliserCell } from '../../../src/core/sweep/stabiliserCell.ts';
import { expandSweep } from '../../../src/core/sweep/expand.ts';
import { rowOf } from '../../../src/core/sweep/results.ts';
import { validateSweep } from '../../../src/core/sweep/spec.ts';
import { runTransformerTraining } from '../../../src/core/train/loop.ts';
import { TransformerTrainer } from '../../../src/core/train/transformerTrainer.ts';
import { useBackend } from '../../helpers/backend.ts';

const cells = expandSweep(validateSweep(JSON.parse(readFileSync('tests/cli/fixtures/micro-stabilise-sweep.json', 'utf8'))));

beforeAll(() => useBackend('cpu'));

/** The cell's activations and key frequencies, computed here as any host would (the transformer is deterministic). */
async function activationsOf(spec: (typeof cells)[number]['spec']) {
  const trainer = new TransformerTrainer(spec.transformer);
  await runTransformerTraining(trainer, () => undefined);
  const keyFrequencies = (await analyzeTransformerModel(trainer.model)).keyFrequencies;
  const acts = collectActivations(trainer.model, saeHookName(spec.saes!), spec.saes!.position); // [rows, d_in]
  const data = { data: (await acts.data()) as Float32Array, rows: acts.shape[0], cols: acts.shape[1] };
  acts.dispose();
  trainer.dispose();
  return { acts: data, keyFrequencies };
}

describe('a stabiliser sweep cell', () => {
  it('reports the method arm as its SAEs and the comparison\'s gains in its row, as running the comparison directly gives', async () => {
    expect(cells.map((c) => c.id)).toEqual(['s.method-consistency', 's.method-dataInit']);
    const runner = new InMemoryCellRunner('cpu', { runtime: 'test', backend: 'cpu' });
    const reports = [];
    for (const cell of cells) reports.push(await runner.run(cell));
    runner.dispose();
    const { acts, keyFrequencies } = await activationsOf(cells[0].spec);

    for (const [i, cell] of cells.entries()) {
      const report = reports[i];
      const method = cell.spec.stabilise!.methods[0].method;
      expect(report.stabilise!.arm).toBe(method);
      const direct = await runComparison({ sae: cell.spec.saes!, acts, block: cell.spec.stabilise!, fourier: { p: cell.spec.transformer.p, keyFrequencies } });
      const at = (rows: typeof direct.rows, label: string) => rows.find((r) => r.label === label)!;
      // Same arms, same numbers (the second cell carries the plain arms over from the first).
      expect(report.stabilise!.rows.map((r) => r.label)).toEqual(direct.rows.map((r) => r.label));
      for (const r of direct.rows) expect(at(report.stabilise!.rows, r.label).pwmccMax.mean).toBeCloseTo(r.pwmccMax.mean, 6);
      expect(report.stabilise!.reused).toEqual(i === 0 ? [] : ['plain', 'plain · shared init']);

      const row = rowOf(cell, report);
      const m = at(direct.rows, method);
      expect(row.stabiliser!.arm).toBe(method);
      expect(row.stabiliser!.gainOverPlain).toBeCloseTo(m.pwmccMax.mean - at(direct.rows, 'plain').pwmccMax.mean, 6);
      expect(row.stabiliser!.gainOverSharedInit).toBeCloseTo(m.pwmccMax.mean - at(direct.rows, 'plain · shared init').pwmccMax.mean, 6);
      expect(row.stabiliser!.gainOver).toBe(m.gain!.over);
      expect(row.stabiliser!.margin).toBeCloseTo(m.gain!.margin, 6);
      expect(row.stabiliser!.credited).toBe(m.gain!.credited);
      expect(row.stabiliser!.fvuPrice).toBeCloseTo(m.price.fvu.mean - at(direct.rows, 'plain').price.fvu.mean, 6);
      // The row's own columns describe the method arm: its FVU and its seeds' stability.
      expect(row.fvu.mean).toBeCloseTo(m.price.fvu.mean, 5);
      expect(row.pwmccMax.mean).toBeCloseTo(m.pwmccMax.mean, 4);
    }
    // The two methods differ, so the cells' SAEs do too (the report is not plain training's).
    expect(reports[0].saes![0].fvu).not.toBe(reports[1].saes![0].fvu);
  }, 240_000);

  it('carries the plain arms and the reference SAEs to the next cell on the same SAEs: the same numbers, fewer steps', async () => {
    const sweep = JSON.parse(readFileSync('tests/cli/fixtures/micro-stabilise-sweep.json', 'utf8'));
    const [consistency, alignment] = expandSweep(validateSweep({ ...sweep, axes: [{ field: 'stabilise.method', values: ['consistency', 'alignment'] }] }));
    const { acts, keyFrequencies } = await activationsOf(consistency.spec);
    let steps = 0;
    const count = async () => void steps++;
    const kept = new PlainArms();
    await runStabiliserCell({ spec: consistency.spec, acts, keyFrequencies, plainArms: kept });
    const carried = await runStabiliserCell({ spec: alignment.spec, acts, keyFrequencies, plainArms: kept, onStep: count });
    const carriedSteps = steps;
    steps = 0;
    const fresh = await runStabiliserCell({ spec: alignment.spec, acts, keyFrequencies, onStep: count });
    expect(carried.stabilise.reused).toEqual(['plain', 'plain · shared init', REUSED_REFERENCES]);
    expect(fresh.stabilise.reused).toEqual([]);
    // Fresh: references, plain, plain · shared init, the method and its control; carried: the last two only.
    expect(carriedSteps * 5).toBe(steps * 2);
    expect(carried.stabilise.rows.map((r) => r.label)).toEqual(fresh.stabilise.rows.map((r) => r.label));
    for (const [i, r] of fresh.stabilise.rows.entries()) expect(carried.stabilise.rows[i].pwmccMax.mean).toBeCloseTo(r.pwmccMax.mean, 6);
    expect(carried.run.trained).toEqual(fresh.run.trained);
  }, 240_000);
});
