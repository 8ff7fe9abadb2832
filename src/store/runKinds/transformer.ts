/** Stored transformer runs: shown in the transformer section; a finished one's model is loaded into the worker. */
import { transformerFromRecord } from '../storedRun.ts';
import { type TransformerState, clearedRun, initialTransformer, transformerReceive } from '../transformerSlice.ts';
import type { RunKindHost } from './runKind.ts';

export const transformerRuns: RunKindHost<'transformer', TransformerState> = {
  initial: initialTransformer,
  receive: transformerReceive,
  cleared: (s) => ({ transformer: clearedRun(s.transformer) }),
  label: 'transformer',
  column: 'transformer',
  name: (spec) => `transformer ${spec.name} · p=${spec.transformer.p} · seed ${spec.transformer.seed}`,
  section: (s) => s.transformer,

  show(ctx, rec, showing, checkpointStep, loadable) {
    ctx.set((s) => ({ transformer: transformerFromRecord(s.transformer, rec, showing, checkpointStep) }));
    const { runId } = ctx.get().transformer;
    const imported = rec.info?.imported;
    if (loadable) ctx.send({ type: 'restore', section: 'transformer', runId, spec: rec.spec, stored: rec.id, ...(imported ? { imported: { splitKnown: imported.splitKnown } } : {}) });
    else if (showing !== 'live') ctx.send({ type: 'reset', section: 'transformer' }); // the worker's model is not this one
  },

  resume: (_s, rec, runId, stored) => ({ type: 'train', section: 'transformer', runId, spec: rec.spec, stored }),
};
