import { describe, expect, it } from 'vitest';
import { saeFields } from '../../src/core/spec/sae.ts';
import { transformerFields } from '../../src/core/spec/transformer.ts';
import { hiddenControls, hideGroups, hideKeys, parseHide } from '../../src/share/hide.ts';

describe('classroom hide keys', () => {
  it('can hide every spec field by its path, and groups name only real fields', () => {
    const fields = [...Object.keys(transformerFields).map((k) => `transformer.${k}`), ...Object.keys(saeFields).map((k) => `saes.${k}`)];
    for (const f of fields) expect(hideKeys).toContain(f);
    for (const g of Object.values(hideGroups)) for (const m of g.members) expect(fields).toContain(m);
  });

  it('expands a group to its members and keeps single controls as they are', () => {
    const hidden = hiddenControls(['saes.arch', 'backend', 'transformer.lr']);
    expect([...hidden].sort()).toEqual([
      'backend', 'saes.architecture', 'saes.auxK', 'saes.auxKCoef', 'saes.bandwidth', 'saes.expansion', 'saes.initThreshold', 'saes.k', 'saes.kAux',
      'saes.l0Coef', 'saes.l1', 'saes.l1WarmupFraction', 'saes.thresholdRate', 'transformer.lr',
    ]);
  });

  it('parses a list into canonical order without repeats, and refuses unknown keys by name', () => {
    expect(parseHide('transformer.lr,backend,transformer.lr')).toEqual({ ok: true, keys: ['backend', 'transformer.lr'] });
    expect(parseHide('')).toEqual({ ok: true, keys: [] });
    const bad = parseHide('backend,transformer.learningRate');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.error).toContain('"transformer.learningRate"');
  });
});
