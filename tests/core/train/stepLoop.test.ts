import { describe, expect, it } from 'vitest';
import { RunControl } from '../../../src/core/train/loop.ts';
import { MAX_STEPS_IN_FLIGHT, type Stepper, runStepLoop } from '../../../src/core/train/stepLoop.ts';

/** A stepper whose "device" finishes steps only when the test says so (like WebGPU, where step() only enqueues). */
class SlowDevice implements Stepper<{ step: number }> {
  stepCount = 0;
  done = 0;
  private waiting: { upTo: number; resolve: () => void }[] = [];

  step(): void {
    this.stepCount++;
  }
  async evaluate() {
    return { step: this.stepCount };
  }
  fence(): Promise<void> {
    const upTo = this.stepCount;
    return upTo <= this.done ? Promise.resolve() : new Promise((resolve) => this.waiting.push({ upTo, resolve }));
  }
  /** The device finishes one more step. */
  finishOne(): void {
    this.done++;
    for (const w of this.waiting.filter((x) => x.upTo <= this.done)) w.resolve();
    this.waiting = this.waiting.filter((x) => x.upTo > this.done);
  }
}

const settle = () => new Promise((r) => setTimeout(r, 5));

describe('runStepLoop on an asynchronous device', () => {
  it(`never runs more than ${MAX_STEPS_IN_FLIGHT} steps ahead of the device, so Stop ends the run after the steps in flight`, async () => {
    const device = new SlowDevice();
    const control = new RunControl();
    const loop = runStepLoop(device, 1000, 1000, () => undefined, control);
    await settle();
    expect(device.stepCount).toBe(MAX_STEPS_IN_FLIGHT + 1); // blocked on the oldest fence
    device.finishOne();
    await settle();
    expect(device.stepCount).toBe(MAX_STEPS_IN_FLIGHT + 2);
    control.stop();
    for (let i = 0; i < MAX_STEPS_IN_FLIGHT + 2; i++) device.finishOne(); // the device finishes the steps in flight
    const summary = await loop;
    expect(summary.stopped).toBe(true);
    expect(summary.steps).toBe(MAX_STEPS_IN_FLIGHT + 2);
  });

  it('a pause parks only once the device has finished every step in flight', async () => {
    const device = new SlowDevice();
    const control = new RunControl();
    let parkedAfter = -1;
    const original = control.untilRunning.bind(control);
    control.untilRunning = () => {
      if (control.paused && parkedAfter < 0) parkedAfter = device.done;
      return original();
    };
    const loop = runStepLoop(device, 1000, 1000, () => undefined, control);
    await settle();
    control.pause();
    for (let i = 0; i < MAX_STEPS_IN_FLIGHT + 1; i++) {
      device.finishOne();
      await settle();
    }
    expect(parkedAfter).toBe(device.stepCount); // parked with nothing left on the device
    control.stop();
    await loop;
  });

  it('without a fence (synchronous backends) the loop runs to the end', async () => {
    const sync = { stepCount: 0, step() { this.stepCount++; }, evaluate: async function (this: { stepCount: number }) { return { step: this.stepCount }; } };
    const summary = await runStepLoop(sync, 50, 10, () => undefined, new RunControl());
    expect(summary.steps).toBe(50);
  });
});
