import { describe, expect, it } from 'vitest';
import { parseCaseKinds } from '../../src/bench/suite.ts';

describe('the benchmark --only flag', () => {
  it('reads a comma-separated list of case kinds, and nothing as all', () => {
    expect(parseCaseKinds('transformer, sae')).toEqual(['transformer', 'sae']);
    expect(parseCaseKinds('')).toEqual([]);
    expect(parseCaseKinds(undefined)).toEqual([]);
  });

  it('refuses an unknown kind and names the known ones', () => {
    expect(() => parseCaseKinds('transformer,sea')).toThrow('unknown case kind sea: use transformer, sae, sweep, stability');
  });
});
