import { describe, expect, it } from 'vitest';
import type { ComparisonRow } from '../../src/core/stabilise/controls.ts';
import { armDiff } from '../../src/ui/history/armDiff.ts';

const ms = (mean: number) => ({ mean, std: 0 });

function row(label: string, role: ComparisonRow['role'], pwmcc: number, fvu: number, gain?: number): ComparisonRow {
  return {
    label, method: 'plain', init: 'own', role, heldOut: true, inVerdict: true, note: '', units: 2, pairs: 1,
    pwmccMax: { ...ms(pwmcc), matrix: [] }, pwmccOneToOne: ms(pwmcc), sharedFraction: null,
    excess: { pwmccMax: pwmcc - 0.3, pwmccOneToOne: null }, verdict: null,
    gain: gain === undefined ? null : { over: 'plain', pwmccMax: gain, margin: 0.05, credited: gain > 0.05 },
    price: { fvu: ms(fvu), l0: ms(4), deadFraction: ms(0), fourierShare: null, stableFourier: null },
  };
}

describe('armDiff', () => {
  it('joins the arms of two comparisons by label, A first, and gives B − A', () => {
    const a = { rows: [row('plain', 'baseline', 0.4, 0.1), row('consistency', 'method', 0.5, 0.12, 0.1)] };
    const b = { rows: [row('plain', 'baseline', 0.42, 0.1), row('dataInit', 'method', 0.7, 0.2, 0.28)] };
    const rows = armDiff(a, b);
    expect(rows.map((r) => r.label)).toEqual(['plain', 'consistency', 'dataInit']);
    expect(rows[0].delta).toBeCloseTo(0.02, 12);
    expect(rows[0].a?.excess).toBeCloseTo(0.1, 12);
    expect(rows[1].b).toBeNull();
    expect(rows[1].delta).toBeNull();
    expect(rows[1].a?.gain).toEqual({ value: 0.1, over: 'plain', credited: true });
    expect(rows[2].a).toBeNull();
    expect(rows[2].role).toBe('method');
    expect(rows[2].b?.fvu).toBe(0.2);
  });
});
