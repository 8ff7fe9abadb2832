import { describe, expect, it } from 'vitest';
import { LOSS_FLOOR, formatInt, formatLoss, formatRate, onLogAxis } from '../../src/ui/format.ts';

describe('readout formats', () => {
  it('a loss below the floor reads "< 1e-7", never "0.0e+0"', () => {
    expect(formatLoss(0)).toBe('< 1e-7');
    expect(formatLoss(3e-9)).toBe('< 1e-7');
    expect(formatLoss(LOSS_FLOOR)).toBe('1.0e-7');
    expect(formatLoss(0.0042)).toBe('4.2e-3');
    expect(formatLoss(1.23456)).toBe('1.235');
    expect(formatLoss(NaN)).toBe('NaN');
  });

  it('a log axis draws values below the floor at the floor, and keeps gaps', () => {
    expect([0, 1e-9, 2e-7, 3].map(onLogAxis)).toEqual([LOSS_FLOOR, LOSS_FLOOR, 2e-7, 3]);
    expect(onLogAxis(NaN)).toBeNaN();
  });

  it('step counts and rates', () => {
    expect(formatInt(1500)).toBe('1,500');
    expect(formatRate(36.4)).toBe('36');
    expect(formatRate(0)).toBe('—');
  });
});
