import { describe, expect, it } from 'vitest';
import { type RedrawClock, RedrawQueue } from '../../src/ui/plot/redrawQueue.ts';

/** A clock whose timers run only when the test advances time; each timer callback is one "task". */
class FakeClock implements RedrawClock {
  t = 0;
  tasks = 0;
  private timers: { at: number; fn: () => void }[] = [];
  now = () => this.t;
  setTimer = (fn: () => void, ms: number) => {
    this.timers.push({ at: this.t + ms, fn });
  };
  /** Runs every timer due up to `ms` from now, in time order, one task each. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = Math.max(this.t, next.at);
      this.tasks++;
      next.fn();
    }
    this.t = Math.max(this.t, end);
  }
}

const OPTIONS = { minIntervalMs: 400, slowFactor: 4 };

function setUp() {
  const clock = new FakeClock();
  const queue = new RedrawQueue(clock, OPTIONS);
  const log: { chart: string; t: number; task: number }[] = [];
  const chart = (name: string, visible = true) => {
    const h = queue.register(() => log.push({ chart: name, t: clock.t, task: clock.tasks }));
    if (visible) h.setVisible(true);
    return h;
  };
  return { clock, queue, log, chart };
}

describe('redraw queue', () => {
  it('draws a visible chart once per interval however often it asks, and always draws its last request', () => {
    const { clock, log, chart } = setUp();
    const a = chart('a');
    for (let i = 0; i < 20; i++) {
      a.request(); // a metrics batch every 50 ms for 1 s
      clock.advance(50);
    }
    clock.advance(1000);
    // Drawn at once, then at 400 and 800 ms; the requests after 800 ms are drawn at 1200 ms.
    expect(log.map((d) => d.t)).toEqual([0, 400, 800, 1200]);
    clock.advance(5000);
    expect(log.length).toBe(4); // nothing new asked, nothing drawn
  });

  it('runs each chart’s draw in a task of its own', () => {
    const { clock, log, chart } = setUp();
    const charts = ['a', 'b', 'c'].map((n) => chart(n));
    for (const c of charts) c.request();
    clock.advance(10);
    expect(log.map((d) => d.chart)).toEqual(['a', 'b', 'c']);
    expect(new Set(log.map((d) => d.task)).size).toBe(3);
  });

  it('draws nothing off screen, and a dirty chart as soon as it scrolls into view', () => {
    const { clock, log, chart } = setUp();
    const a = chart('a', false);
    a.request();
    clock.advance(2000);
    expect(log).toEqual([]);
    a.setVisible(true);
    clock.advance(0);
    expect(log.map((d) => d.t)).toEqual([2000]);
    a.setVisible(false);
    a.request();
    clock.advance(2000);
    expect(log.length).toBe(1);
    a.setVisible(true);
    clock.advance(0);
    expect(log.map((d) => d.t)).toEqual([2000, 4000]);
  });

  it('a chart leaving the screen before its turn is not drawn, and is drawn when it comes back', () => {
    const { clock, log, chart } = setUp();
    const a = chart('a');
    a.request();
    clock.advance(100);
    a.request(); // due at 400
    a.setVisible(false);
    clock.advance(1000);
    expect(log.map((d) => d.t)).toEqual([0]);
    a.setVisible(true);
    clock.advance(0);
    expect(log.map((d) => d.t)).toEqual([0, 1100]);
  });

  it('flush draws a pending chart at once, even off screen, and only when something is pending', () => {
    const { clock, log, chart } = setUp();
    const a = chart('a', false);
    a.flush();
    expect(log).toEqual([]);
    a.request();
    a.flush();
    expect(log.map((d) => d.t)).toEqual([0]);
    a.setVisible(true);
    clock.advance(1000);
    expect(log.length).toBe(1); // the flush drew the pending data; nothing left to draw
  });

  it('spaces a slow chart’s draws by slowFactor times its draw time', () => {
    const { clock, queue } = setUp();
    const log: { t: number }[] = [];
    const a = queue.register(() => {
      log.push({ t: clock.t });
      clock.t += 200; // each draw takes 200 ms: the next one no sooner than 800 ms after this one began
    });
    a.setVisible(true);
    for (let i = 0; i < 30; i++) {
      a.request();
      clock.advance(100);
    }
    const gaps = log.slice(1).map((d, i) => d.t - log[i].t);
    expect(gaps.length).toBeGreaterThan(1);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(4 * 200);
  });

  it('a disposed chart is never drawn, and a draw that throws does not stall the others', () => {
    const { clock, queue, log, chart } = setUp();
    const gone = chart('gone');
    const bad = queue.register(() => {
      throw new Error('plotly failed');
    });
    bad.setVisible(true);
    const b = chart('b');
    bad.request();
    gone.request();
    gone.dispose();
    b.request();
    expect(() => clock.advance(10)).toThrow('plotly failed');
    clock.advance(10);
    expect(log.map((d) => d.chart)).toEqual(['b']);
    expect(queue.waiting).toBe(0);
  });
});
