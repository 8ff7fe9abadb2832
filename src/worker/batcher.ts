/**
 * Collects items and hands them over in batches, at most once per `intervalMs`, so a fast training loop does not
 * flood the page with messages (each post costs a structured clone and a React render). A pending batch is sent
 * by a timer even when no new item arrives, and `flush()` sends at once (pause, stop, end of run).
 */
export class Batcher<T> {
  private pending: T[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastSent = -Infinity;

  constructor(
    private readonly send: (items: T[]) => void,
    private readonly intervalMs = 250,
  ) {}

  push(item: T): void {
    this.pending.push(item);
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastSent + this.intervalMs - performance.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Sends whatever is pending now (an empty batch still sends, so callers can piggy-back progress on it). */
  flush(): void {
    this.cancelTimer();
    const items = this.pending;
    this.pending = [];
    this.lastSent = performance.now();
    this.send(items);
  }

  /** Flushes when nothing was sent for a whole interval and no send is scheduled (a heartbeat for progress). */
  flushIfDue(): void {
    if (this.timer === null && performance.now() - this.lastSent >= this.intervalMs) this.flush();
  }

  /** Drops pending items without sending them (the run was reset). */
  discard(): void {
    this.cancelTimer();
    this.pending = [];
  }

  private cancelTimer(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

/**
 * Steps per second over a sliding window of the last few seconds. `restart()` after a pause, so paused time does
 * not count as slow training.
 */
export class RateMeter {
  private samples: { t: number; step: number }[] = [];
  private lastRate = 0;

  constructor(private readonly windowMs = 5000) {}

  record(step: number, t = performance.now()): void {
    this.samples.push({ t, step });
    while (this.samples.length > 2 && t - this.samples[1].t > this.windowMs) this.samples.shift();
  }

  /** Starts a new window from (step, now); the previous rate stands until the new window is 100 ms wide. */
  restart(step: number): void {
    this.samples = [];
    this.record(step);
  }

  /** Steps per second, or 0 until two samples at least 100 ms apart have ever existed. */
  get stepsPerSec(): number {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (first && last && last.t - first.t >= 100) {
      this.lastRate = ((last.step - first.step) * 1000) / (last.t - first.t);
    }
    return this.lastRate;
  }
}
