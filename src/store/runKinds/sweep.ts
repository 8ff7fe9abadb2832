/**
 * Stored sweeps: shown in the Sweep section (its finished cells' rows, its axes and seeds). A sweep continues on the
 * page, not through the engine worker: the section's Continue starts a runner that skips the stored cells
 * (sweepStorage.ts records it), so this kind has no `resume` command.
 */
import { gridSize } from '../../core/sweep/expand.ts';
import { type SweepState, initialSweep, sweepFromRecord, sweepReceive } from '../sweepSlice.ts';
import type { RunKindHost } from './runKind.ts';

export const sweepRuns: RunKindHost<'sweep', SweepState> = {
  initial: initialSweep,
  receive: sweepReceive,
  cleared: () => ({}),
  ownWorker: true,
  label: 'sweep',
  column: 'sweep',
  name: (spec) => `sweep ${spec.name}`,
  section: (s) => s.sweep,

  interruptedNote: (rec) => {
    const of = rec.info?.sweep ? ` of ${gridSize(rec.info.sweep)}` : '';
    return `interrupted with ${rec.metrics.length}${of} cells finished; the Sweep section's Continue runs the rest`;
  },

  show(ctx, rec, showing) {
    ctx.set((s) => ({ sweep: sweepFromRecord(s.sweep, rec, showing) }));
  },
};
