import { describe, expect, it } from 'vitest';
import { saePresetFollowing } from '../../src/store/presetPairs.ts';

describe('the SAE preset follows the transformer preset', () => {
  it('tiny brings the tiny SAEs, from any SAE preset or edited settings', () => {
    expect(saePresetFollowing('tiny', 'phase1')).toBe('tiny');
    expect(saePresetFollowing('tiny', 'phase2')).toBe('tiny');
    expect(saePresetFollowing('tiny', null)).toBe('tiny');
    expect(saePresetFollowing('tiny', 'tiny')).toBeNull(); // already there: nothing to reload
  });

  it('leaving tiny goes back to the default SAEs; phase1/phase2 and edited settings stay on nanda and fast', () => {
    expect(saePresetFollowing('nanda', 'tiny')).toBe('phase1');
    expect(saePresetFollowing('fast', 'tiny')).toBe('phase1');
    expect(saePresetFollowing('nanda', 'phase2')).toBeNull();
    expect(saePresetFollowing('fast', 'phase1')).toBeNull();
    expect(saePresetFollowing('nanda', null)).toBeNull();
  });
});
