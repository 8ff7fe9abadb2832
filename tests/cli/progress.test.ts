import { afterEach, describe, expect, it, vi } from 'vitest';
import { ProgressBar } from '../../cli/progress.ts';

describe('the CLI progress bar in a log file (stderr not a terminal)', () => {
  const wasTTY = process.stderr.isTTY;
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
    Object.defineProperty(process.stderr, 'isTTY', { value: wasTTY, configurable: true });
  });

  it('writes a line every 10 % and at least once a minute, never more often in between', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const lines: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => (lines.push(String(s)), true));
    Object.defineProperty(process.stderr, 'isTTY', { value: false, configurable: true });
    const bar = new ProgressBar('transformer', 1000);
    bar.update(1); // first decile: a line
    vi.advanceTimersByTime(30_000);
    bar.update(2); // same decile, 30 s later: nothing
    vi.advanceTimersByTime(31_000);
    bar.update(3); // 61 s after the last line: a line
    bar.update(100); // next decile: a line
    bar.update(101);
    expect(lines.map((l) => l.match(/ (\d+)\/1000 /)?.[1])).toEqual(['1', '3', '100']);
  });
});
