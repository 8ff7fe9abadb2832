import { describe, expect, it } from 'vitest';
import { STOPPING_MESSAGE, isStopping, isWarmingUp, stoppingState } from '../../src/store/runPhase.ts';

describe('what a section says before its first step and after Stop', () => {
  it('is warming up while running without a reported step', () => {
    expect(isWarmingUp('running', undefined)).toBe(true);
    expect(isWarmingUp('running', 0)).toBe(true);
    expect(isWarmingUp('running', 1)).toBe(false);
    expect(isWarmingUp('idle', undefined)).toBe(false);
    expect(isWarmingUp('done', 0)).toBe(false);
  });

  it('Stop marks an active run as stopping at once, and nothing else', () => {
    const running = { status: 'running' as const, message: null, other: 1 };
    expect(stoppingState(running)).toEqual({ status: 'running', message: STOPPING_MESSAGE, other: 1 });
    expect(isStopping(stoppingState(running))).toBe(true);
    expect(isStopping(stoppingState({ status: 'paused' as const, message: 'paused at step 3' }))).toBe(true);
    const done = { status: 'done' as const, message: 'stopped at step 9' };
    expect(stoppingState(done)).toBe(done);
    expect(isStopping({ status: 'done', message: STOPPING_MESSAGE })).toBe(false); // the run ended: no longer stopping
  });
});
