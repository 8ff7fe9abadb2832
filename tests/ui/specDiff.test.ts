import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../src/core/spec/experiment.ts';
import { specDiff } from '../../src/ui/history/specDiff.ts';

describe('spec diff', () => {
  it('lists every field once, marks exactly the changed ones, and shows fields only one spec has', () => {
    const a = presetSpec('tiny');
    const b = { ...a, transformer: { ...a.transformer, lr: 0.01 }, saes: { ...a.saes!, seeds: [1, 2] } };
    const rows = specDiff(a, b);
    expect(rows.filter((r) => r.changed).map((r) => [r.path, r.a, r.b])).toEqual([
      ['transformer.lr', String(a.transformer.lr), '0.01'],
      ['saes.seeds', a.saes!.seeds.join(', '), '1, 2'],
    ]);
    expect(new Set(rows.map((r) => r.path)).size).toBe(rows.length);
    const { saes: _, ...noSaes } = a;
    const partial = specDiff(noSaes, a);
    expect(partial.find((r) => r.path === 'saes.k')).toMatchObject({ a: '—', b: String(a.saes!.k), changed: true });
  });
});
