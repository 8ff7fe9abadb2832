/**
 * Stored stabiliser comparisons (issue 14): shown in the Stabilise section with their table (a stopped run's, of
 * the arms it finished) and their finished arms, one stored "metric" per arm. An interrupted or stopped run is
 * continued by the section's Start (stabiliseContinue.ts), which trains only the missing arms; the arm in progress
 * when it ended continues from its last save (stored beside the record by the worker), else from its start.
 * Nothing is loaded into the worker to show a record: the table is plain data.
 */
import type { RunRecordOf } from '../../storage/schema.ts';
import { type StabiliseState, clearedStabilise, initialStabilise, interruptedStabilise, stabiliseReceive } from '../stabiliseSlice.ts';
import { sourceKey } from '../stabiliseContinue.ts';
import { stabiliseDraftOf } from '../stabiliseDraft.ts';
import type { Showing } from '../storedRun.ts';
import type { RunKindHost } from './runKind.ts';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The status line of a stored comparison. */
function storedMessage(rec: RunRecordOf<'stabilise'>, showing: Showing): string {
  const kept = rec.metrics.length;
  if (showing === 'elsewhere') return `"${rec.name}" is training in another tab of this lab`;
  if (rec.status === 'done') return `finished: ${plural(kept, 'arm')} (stored run "${rec.name}")`;
  const missing = rec.summary?.missing.length;
  const how = rec.status === 'stopped' ? 'was stopped' : rec.status === 'error' ? 'failed' : 'was interrupted';
  const left = missing !== undefined ? `, ${missing} missing` : '';
  return kept === 0
    ? `"${rec.name}" ${how} before its first arm finished: start it again`
    : `"${rec.name}" ${how} with ${plural(kept, 'finished arm')}${left}: Start continues with the missing arms (the arm that was training continues from its last save)`;
}

export function stabiliseFromRecord(state: StabiliseState, rec: RunRecordOf<'stabilise'>, showing: Showing): StabiliseState {
  const { saes, stabilise } = rec.spec;
  return {
    ...clearedStabilise(state),
    // Its methods in the controls, so that Start continues it (stabiliseContinue.ts compares them).
    draft: stabilise ? { ...stabiliseDraftOf(stabilise), inSpec: state.draft.inSpec } : state.draft,
    status: showing === 'elsewhere' ? 'idle' : rec.status === 'done' || rec.status === 'stopped' ? 'done' : rec.status === 'error' ? 'error' : 'idle',
    message: storedMessage(rec, showing),
    record: rec.summary && rec.summary.rows.length > 0 ? rec.summary : null,
    finished: rec.metrics,
    basis: saes && stabilise && rec.source ? { sae: saes, block: stabilise, source: sourceKey(rec.source.runId, rec.source.step) } : null,
  };
}

export const stabiliseRuns: RunKindHost<'stabilise', StabiliseState> = {
  initial: initialStabilise,
  receive: stabiliseReceive,
  interruptedNote: (rec) => `interrupted with ${plural(rec.metrics.length, 'finished arm')}; Start continues with the missing arms`,
  cleared: (s) => ({ stabilise: interruptedStabilise(s.stabilise, 'the engine restarted (another backend): Start continues the comparison with its missing arms') }),
  label: 'stabiliser comparison',
  column: 'stabilisers',
  name: (spec) => `stabilisers ${spec.stabilise?.methods.map((m) => m.method).join(', ') ?? ''} · seeds ${spec.saes?.seeds.join(', ') ?? ''}`,
  section: (s) => s.stabilise,
  source: (s) => ({ runId: s.storage.shown.transformer ?? `page run ${s.transformer.runId}`, step: s.transformer.progress?.step ?? 0 }),

  show(ctx, rec, showing) {
    ctx.set((s) => ({ stabilise: stabiliseFromRecord(s.stabilise, rec, showing) }));
  },

  // The record itself continues: its arms, and the arm it stopped in from the point saved under it.
  resume: (s, rec, runId, stored) => ({
    type: 'train', section: 'stabilise', runId, name: rec.spec.name, sae: rec.spec.saes!, stabilise: rec.spec.stabilise, finished: rec.metrics,
    ...(stored ? { stored: stored.id, continueFrom: stored.id } : {}),
  }),
};
