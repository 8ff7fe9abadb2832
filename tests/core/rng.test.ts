import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/core/rng.ts';

describe('Rng', () => {
  it('stores its state as four unsigned 32-bit words (a notebook file holds them; `b ^ (b >>> 9)` once stored one signed)', () => {
    for (let seed = 0; seed < 50; seed++) {
      const rng = new Rng(seed, 4);
      for (let i = 0; i < 200; i++) {
        rng.nextUint32();
        for (const w of rng.state()) expect(Number.isInteger(w) && w >= 0 && w < 2 ** 32, `seed ${seed}, draw ${i}: ${w}`).toBe(true);
      }
    }
  });

  it('draws what it always drew, and continues exactly from a saved state (also one saved signed by older labs)', () => {
    const rng = new Rng(1, 4);
    expect([rng.nextUint32(), rng.nextUint32(), rng.nextUint32(), rng.nextUint32()]).toEqual([725988806, 2509868271, 3792491116, 516042094]);
    const saved = rng.state();
    const next = [rng.nextUint32(), rng.nextUint32()];
    expect([Rng.fromState(saved).nextUint32(), Rng.fromState(saved).nextUint32()]).toEqual([next[0], next[0]]);
    const signed = saved.map((w) => w | 0) as typeof saved; // the same words read as signed
    const resumed = Rng.fromState(signed);
    expect([resumed.nextUint32(), resumed.nextUint32()]).toEqual(next);
  });
});
