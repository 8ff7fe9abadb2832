/**
 * One queue for every chart's redraws, so live charts cannot hog the page's main thread while a run trains:
 * - coalescing: a chart asks for a redraw as often as its data changes; it is drawn at most once per interval
 *   (at least `minIntervalMs`, longer when its last draw was slow), always with its newest data;
 * - off screen, nothing: a chart that is not visible stays dirty and is drawn once it becomes visible;
 * - one draw per task: draws run one per timer turn, so the browser can handle input and paint in between.
 * `flush` draws a dirty chart at once (before a download, so the file holds every point). A dirty chart is never
 * forgotten: its last request is drawn as soon as it is due and visible. Pure logic over an injected clock and
 * timer, so it runs in Node tests.
 */

export interface RedrawClock {
  now(): number;
  /** Runs `fn` in a task of its own after `ms` (setTimeout in the page). */
  setTimer(fn: () => void, ms: number): void;
}

export interface RedrawOptions {
  /** Shortest time between two draws of one chart. */
  minIntervalMs: number;
  /** A chart's next draw waits at least this many times its last draw's duration (bounds its share of the thread). */
  slowFactor: number;
}

export const DEFAULT_REDRAW: RedrawOptions = { minIntervalMs: 400, slowFactor: 4 };

interface Entry {
  draw: () => void;
  dirty: boolean;
  visible: boolean;
  queued: boolean;
  /** When the last draw began, and how long it took (ms). */
  lastAt: number;
  lastMs: number;
  disposed: boolean;
}

/** A chart's handle on the queue. */
export interface RedrawHandle {
  /** The chart's data changed: draw it when due and visible. */
  request(): void;
  /** Draws now if a redraw is pending, visible or not (before reading or downloading the chart). */
  flush(): void;
  setVisible(visible: boolean): void;
  dispose(): void;
}

export class RedrawQueue {
  private readonly pending: Entry[] = [];
  private timerDue: number | null = null;

  constructor(
    private readonly clock: RedrawClock,
    private readonly options: RedrawOptions = DEFAULT_REDRAW,
  ) {}

  register(draw: () => void): RedrawHandle {
    const e: Entry = { draw, dirty: false, visible: false, queued: false, lastAt: -Infinity, lastMs: 0, disposed: false };
    return {
      request: () => {
        e.dirty = true;
        this.enqueue(e);
      },
      flush: () => {
        if (e.dirty && !e.disposed) this.run(e);
      },
      setVisible: (visible) => {
        e.visible = visible;
        if (visible) this.enqueue(e);
        else this.dequeue(e);
      },
      dispose: () => {
        e.disposed = true;
        this.dequeue(e);
      },
    };
  }

  /** Charts waiting for their turn (for tests and diagnostics). */
  get waiting(): number {
    return this.pending.length;
  }

  private dueAt(e: Entry): number {
    return e.lastAt + Math.max(this.options.minIntervalMs, this.options.slowFactor * e.lastMs);
  }

  private enqueue(e: Entry): void {
    if (!e.dirty || !e.visible || e.queued || e.disposed) return;
    e.queued = true;
    this.pending.push(e);
    this.schedule();
  }

  private dequeue(e: Entry): void {
    if (!e.queued) return;
    e.queued = false;
    this.pending.splice(this.pending.indexOf(e), 1);
  }

  /** Keeps one timer, set for the earliest due chart (a timer already set for an earlier moment stands). */
  private schedule(): void {
    if (this.pending.length === 0) return;
    const now = this.clock.now();
    const due = Math.max(now, Math.min(...this.pending.map((e) => this.dueAt(e))));
    if (this.timerDue !== null && this.timerDue <= due) return;
    this.timerDue = due;
    this.clock.setTimer(() => this.tick(due), due - now);
  }

  /** One timer turn: draws the chart that has waited longest among those due, then sets the next turn. */
  private tick(due: number): void {
    if (this.timerDue !== due) return; // superseded by an earlier timer
    this.timerDue = null;
    const now = this.clock.now();
    const ready = this.pending.filter((e) => this.dueAt(e) <= now);
    const next = ready.reduce<Entry | null>((best, e) => (best === null || this.dueAt(e) < this.dueAt(best) ? e : best), null);
    try {
      if (next) this.run(next);
    } finally {
      this.schedule(); // a chart whose draw threw must not stall the others
    }
  }

  private run(e: Entry): void {
    this.dequeue(e);
    e.dirty = false;
    e.lastAt = this.clock.now();
    try {
      e.draw();
    } finally {
      e.lastMs = this.clock.now() - e.lastAt;
    }
  }
}
