import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkSweepBudget, estimateSweep } from '../../../src/core/sweep/budget.ts';
import { expandSweep } from '../../../src/core/sweep/expand.ts';
import { validateSweep } from '../../../src/core/sweep/spec.ts';

const sweeps = readdirSync('examples').filter((f) => f.endsWith('.json') && JSON.parse(readFileSync(`examples/${f}`, 'utf8')).sweepVersion !== undefined);

describe('the shipped sweep examples', () => {
  it('include the tiny sweep and the plan\'s Experiment Sets 1 and 2', () => {
    expect(sweeps).toEqual(expect.arrayContaining(['tiny-sweep.json', 'experiment-set-1.json', 'experiment-set-2.json']));
  });

  for (const file of sweeps) {
    it(`${file} validates, expands and fits its own budget`, () => {
      const sweep = validateSweep(JSON.parse(readFileSync(`examples/${file}`, 'utf8')));
      const cells = expandSweep(sweep);
      expect(() => checkSweepBudget(estimateSweep(cells), sweep.budget)).not.toThrow();
    });
  }

  it('tiny-sweep.json has 4 cells on one transformer, estimated at about a minute', () => {
    const cells = expandSweep(validateSweep(JSON.parse(readFileSync('examples/tiny-sweep.json', 'utf8'))));
    expect(cells).toHaveLength(4);
    const e = estimateSweep(cells);
    expect(e.transformers).toBe(1);
    expect(e.seconds).toBeLessThan(120);
  });
});
