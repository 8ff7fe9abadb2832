import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Batcher, RateMeter } from '../../src/worker/batcher.ts';

describe('Batcher (at most one post per interval)', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('sends items pushed within one interval as one batch, then waits a full interval for the next', () => {
    const sent: number[][] = [];
    const b = new Batcher<number>((items) => sent.push(items), 250);
    b.push(1);
    b.push(2);
    vi.advanceTimersByTime(0);
    expect(sent).toEqual([[1, 2]]);
    b.push(3);
    vi.advanceTimersByTime(249);
    expect(sent).toEqual([[1, 2]]);
    b.push(4);
    vi.advanceTimersByTime(1);
    expect(sent).toEqual([[1, 2], [3, 4]]);
  });

  it('flush sends at once and discard drops pending items', () => {
    const sent: number[][] = [];
    const b = new Batcher<number>((items) => sent.push(items), 250);
    b.push(1);
    b.flush();
    b.push(2);
    b.discard();
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([[1]]);
  });
});

describe('RateMeter', () => {
  it('measures steps per second over the window and keeps the last rate across a restart', () => {
    const r = new RateMeter(5000);
    r.record(0, 0);
    r.record(10, 2000);
    expect(r.stepsPerSec).toBeCloseTo(5);
    r.record(40, 4000); // 30 steps in 2 s
    expect(r.stepsPerSec).toBeCloseTo(10); // (40 - 0) / 4 s
    r.record(100, 10_000); // samples older than 5 s before the newest are dropped (two always remain)
    expect(r.stepsPerSec).toBeCloseTo((100 - 40) / 6);
    r.restart(100);
    expect(r.stepsPerSec).toBeCloseTo((100 - 40) / 6);
  });
});
