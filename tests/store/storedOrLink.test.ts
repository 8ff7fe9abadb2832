import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../src/core/spec/experiment.ts';
import { storedWinsOver } from '../../src/store/storedOrLink.ts';

describe('the stored notebook or the link in the address bar', () => {
  const mine = presetSpec('tiny');
  const other = { ...mine, transformer: { ...mine.transformer, seed: 9 } };

  it('a fresh browser opens the link', () => {
    expect(storedWinsOver({ spec: mine, hide: [] }, undefined, false)).toBe(false);
    expect(storedWinsOver({ spec: mine, hide: [] }, undefined, true)).toBe(false);
  });

  it('a reload keeps the stored notebook, whatever the link says', () => {
    expect(storedWinsOver({ spec: other, hide: ['backend'] }, mine, true)).toBe(true);
  });

  it('reopening the notebook\'s own link keeps it; another spec or a classroom link opens the link', () => {
    expect(storedWinsOver({ spec: structuredClone(mine), hide: [] }, mine, false)).toBe(true);
    expect(storedWinsOver({ spec: other, hide: [] }, mine, false)).toBe(false);
    expect(storedWinsOver({ spec: mine, hide: ['backend'] }, mine, false)).toBe(false);
  });
});
