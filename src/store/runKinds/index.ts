/**
 * The store's run kinds: one line per kind (storage/runKinds.ts lists the same kinds, in the same order). lab.ts
 * makes one store field per kind from this table (`RunKindStates`), so a new kind adds its file and its line here.
 */
import { RUN_KINDS, type RunKind, type RunRecordOf } from '../../storage/schema.ts';
import type { FromWorker, StoredRunRef, ToWorker } from '../../worker/protocol.ts';
import type { StorageHost } from '../storageContext.ts';
import type { Showing } from '../storedRun.ts';
import type { RunKindHost, ShowContext } from './runKind.ts';
import { saeRuns } from './saes.ts';
import { stabiliseRuns } from './stabilise.ts';
import { sweepRuns } from './sweep.ts';
import { transformerRuns } from './transformer.ts';

export const RUN_KIND_HOSTS = {
  transformer: transformerRuns,
  saes: saeRuns,
  sweep: sweepRuns,
  stabilise: stabiliseRuns,
} satisfies { [K in RunKind]: RunKindHost<K, unknown> };

export { RUN_KINDS };

/** Each kind's slice of the store, by kind: `{ transformer: TransformerState; saes: SaeState; sweep: SweepState }`. */
export type RunKindStates = { [K in RunKind]: ReturnType<(typeof RUN_KIND_HOSTS)[K]['initial']> };

/** The hosts as the record-side code sees them: the host of kind K handles records of kind K. */
const HOSTS: { [K in RunKind]: RunKindHost<K, RunKindStates[K]> } = RUN_KIND_HOSTS;

/** Every kind's slice when the page opens. */
export function initialRunKindStates(): RunKindStates {
  const out = {} as RunKindStates;
  for (const kind of RUN_KINDS) setSlice(out, kind, HOSTS[kind].initial());
  return out;
}

/** Every kind's slice after a worker message. */
export function receiveRunKinds(s: RunKindStates, msg: FromWorker): RunKindStates {
  const out = {} as RunKindStates;
  for (const kind of RUN_KINDS) setSlice(out, kind, receiveOne(kind, s[kind], msg));
  return out;
}

const receiveOne = <K extends RunKind>(kind: K, state: RunKindStates[K], msg: FromWorker): RunKindStates[K] => HOSTS[kind].receive(state, msg);
const setSlice = <K extends RunKind>(out: RunKindStates, kind: K, state: RunKindStates[K]) => { out[kind] = state; };

/** What a new worker leaves of every kind's section. */
export const clearedRunKinds = (s: StorageHost): Partial<StorageHost> =>
  Object.assign({}, ...RUN_KINDS.map((kind) => HOSTS[kind].cleared(s))) as Partial<StorageHost>;

/** The worker command that continues a stored run (runKind.ts `resume`), or null for a kind its section continues. */
export function resumeCommand<K extends RunKind>(s: StorageHost, rec: RunRecordOf<K>, runId: number, stored: StoredRunRef): ToWorker | null {
  return HOSTS[rec.kind].resume?.(s, rec, runId, stored) ?? null;
}

/** Why a stored run cannot continue now (runKind.ts `resumeBlocker`), or null. */
export function resumeBlocker<K extends RunKind>(rec: RunRecordOf<K>, get: () => StorageHost, open: (id: string) => Promise<void>): Promise<string | null> {
  return HOSTS[rec.kind].resumeBlocker?.(rec, get, open) ?? Promise.resolve(null);
}

export function showRecord<K extends RunKind>(ctx: ShowContext, rec: RunRecordOf<K>, showing: Showing, checkpointStep: number | null, loadable: boolean): void {
  HOSTS[rec.kind].show(ctx, rec, showing, checkpointStep, loadable);
}

/** What the run history says of a run found interrupted at start-up (runKind.ts `interruptedNote`), or null. */
export function interruptedNote<K extends RunKind>(rec: RunRecordOf<K>): string | null {
  return HOSTS[rec.kind].interruptedNote?.(rec) ?? null;
}
