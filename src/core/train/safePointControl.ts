import { RunControl } from './loop.ts';

/**
 * A RunControl with two hooks at the top of each loop iteration, where no step is in flight: tasks queued with
 * `between` (reading the weights for a live stability update, writing a checkpoint: async reads that a step
 * enqueued meanwhile would see half-applied) and the "parked" report of a pause. The loop waits for both, so a
 * Resume that arrives while a checkpoint is being read cannot step under it.
 *
 * `pause()` only raises a flag and the loop may finish its current step (and evaluation) before it parks, so a
 * "paused" status sent from `onParked` means the step counter is final.
 */
export class SafePointControl extends RunControl {
  private readonly tasks: (() => Promise<void>)[] = [];

  constructor(private readonly onParked: () => Promise<void> | void) {
    super();
  }

  /** Runs `task` at the loop's next safe point. */
  between(task: () => Promise<void>): void {
    this.tasks.push(task);
  }

  override async untilRunning(): Promise<void> {
    for (let task = this.tasks.shift(); task; task = this.tasks.shift()) await task();
    if (this.paused) await this.onParked();
    return super.untilRunning();
  }
}
