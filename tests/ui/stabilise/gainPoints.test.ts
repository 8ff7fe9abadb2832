import { describe, expect, it } from 'vitest';
import type { Comparison, ComparisonRow } from '../../../src/core/stabilise/controls.ts';
import { gainView } from '../../../src/ui/stabilise/gainPoints.ts';

const ms = (mean: number) => ({ mean, std: 0 });
const row = (label: string, role: ComparisonRow['role'], pwmcc: number, fvu: number, extra: Partial<ComparisonRow> = {}): ComparisonRow => ({
  label, role, pwmccMax: { ...ms(pwmcc), matrix: [] }, price: { fvu: ms(fvu) }, gain: null, verdict: null, ...extra,
} as unknown as ComparisonRow);

describe('the Stabilise chart data', () => {
  it('places every arm relative to plain training and the strongest null on the same scale', () => {
    const verdict = { against: 'covariance' } as ComparisonRow['verdict'];
    const c: Comparison = {
      answer: '',
      rows: [
        row('plain', 'baseline', 0.5, 0.1, { verdict }),
        row('consistency', 'method', 0.6, 0.15, { verdict, gain: { over: 'plain', pwmccMax: 0.1, margin: 0.01, credited: true } }),
        row('plain · shared init', 'control', 0.9, 0.1, { verdict }),
      ],
    };
    const nulls = { covariance: { pwmccMax: ms(0.7), pwmccOneToOne: ms(0.6), label: 'covariance null' } };
    const v = gainView(c, nulls)!;
    expect(v.points.map((p) => [p.label, p.role, p.credited, +p.fvuLost.toFixed(6), +p.pwmccGained.toFixed(6)])).toEqual([
      ['plain', 'baseline', false, 0, 0], ['consistency', 'method', true, 0.05, 0.1], ['plain · shared init', 'control', false, 0, 0.4],
    ]);
    expect(v.nullLine!.pwmccGained).toBeCloseTo(0.2);
    expect(v.nullLine!.label).toContain('covariance null');
  });

  it('has nothing to place without a plain baseline, and no line without a null', () => {
    expect(gainView({ answer: '', rows: [row('x', 'method', 0.5, 0.1)] }, {})).toBeNull();
    expect(gainView({ answer: '', rows: [row('plain', 'baseline', 0.5, 0.1)] }, {})!.nullLine).toBeNull();
  });
});
