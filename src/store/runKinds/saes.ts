/**
 * Stored SAE runs: shown in the SAE section (stability emptied for them); a finished one on its source transformer
 * is retrained from its final checkpoint in zero steps, so the worker rebuilds stability, features and the files.
 */
import { clearedSaeSections } from '../saeActions.ts';
import { type SaeState, initialSaes, saeReceive } from '../saeSlice.ts';
import { clearedStability } from '../stabilitySlice.ts';
import { saesFromRecord } from '../storedRun.ts';
import type { RunKindHost } from './runKind.ts';

export const saeRuns: RunKindHost<'saes', SaeState> = {
  initial: initialSaes,
  receive: saeReceive,
  cleared: clearedSaeSections,
  label: 'SAE',
  column: 'SAEs',
  name: (spec) => `SAEs ${spec.saes?.architecture ?? ''} · seeds ${spec.saes?.seeds.join(', ') ?? ''}`,
  section: (s) => s.saes,
  source: (s) => (s.storage.shown.transformer ? { runId: s.storage.shown.transformer, step: s.transformer.progress?.step ?? 0 } : undefined),

  show(ctx, rec, showing, checkpointStep, loadable) {
    const { transformer, storage } = ctx.get();
    const onSource = rec.source !== undefined && storage.shown.transformer === rec.source.runId && transformer.progress?.step === rec.source.step;
    const restoring = loadable && onSource && transformer.status === 'done';
    ctx.set((s) => {
      const saes = saesFromRecord(s.saes, rec, showing, checkpointStep, onSource ? transformer.runId : null);
      // Retrained in zero steps: the worker re-evaluates the last step, so its stored point is left to the worker.
      if (restoring) saes.metrics = saes.metrics.filter((m) => m.step < checkpointStep!);
      return { saes, stability: clearedStability(s.stability, saes.runId) };
    });
    const { saes, stability } = ctx.get();
    if (restoring && saes.runSpec) {
      ctx.send({ type: 'train', section: 'saes', runId: saes.runId, spec: saes.runSpec, sharedThreshold: stability.sharedThreshold, stored: { id: rec.id, resume: true } });
    } else if (showing !== 'live') ctx.send({ type: 'reset', section: 'saes' });
  },

  async resumeBlocker(rec, get, open) {
    const refusal = 'Cannot resume these SAEs: the transformer they read is no longer stored at the step they read.';
    if (!rec.source || !rec.spec.saes) return refusal;
    if (get().storage.shown.transformer !== rec.source.runId) await open(rec.source.runId);
    const t = get().transformer;
    return get().storage.shown.transformer === rec.source.runId && t.status === 'done' && t.progress?.step === rec.source.step ? null : refusal;
  },

  resume: (s, rec, runId, stored) => ({ type: 'train', section: 'saes', runId, spec: rec.spec.saes!, sharedThreshold: s.stability.sharedThreshold, stored }),
};
