/** The store's run kinds: one line per kind (storage/runKinds.ts lists the same kinds, in the same order). */
import { RUN_KINDS, type RunKind, type RunRecord, type RunRecordOf } from '../../storage/schema.ts';
import type { StoredRunRef, ToWorker } from '../../worker/protocol.ts';
import type { StorageHost } from '../storageContext.ts';
import type { Showing } from '../storedRun.ts';
import type { RunKindHost, ShowContext } from './runKind.ts';
import { saeRuns } from './saes.ts';
import { transformerRuns } from './transformer.ts';

export const RUN_KIND_HOSTS: { [K in RunKind]: RunKindHost<K> } = {
  transformer: transformerRuns,
  saes: saeRuns,
};

export { RUN_KINDS };

/** The host of a record's kind, typed for that record (TypeScript cannot follow the kind through the lookup). */
const hostOf = <K extends RunKind>(rec: RunRecordOf<K>) => RUN_KIND_HOSTS[rec.kind] as RunKindHost<K>;

/** The worker command that continues a stored run (runKind.ts `resume`). */
export function resumeCommand(s: StorageHost, rec: RunRecord, runId: number, stored: StoredRunRef): ToWorker {
  return hostOf(rec as RunRecordOf<RunKind>).resume(s, rec as RunRecordOf<RunKind>, runId, stored);
}

/** Why a stored run cannot continue now (runKind.ts `resumeBlocker`), or null. */
export function resumeBlocker(rec: RunRecord, get: () => StorageHost, open: (id: string) => Promise<void>): Promise<string | null> {
  return hostOf(rec as RunRecordOf<RunKind>).resumeBlocker?.(rec as RunRecordOf<RunKind>, get, open) ?? Promise.resolve(null);
}

export function showRecord(ctx: ShowContext, rec: RunRecord, showing: Showing, checkpointStep: number | null, loadable: boolean): void {
  hostOf(rec as RunRecordOf<RunKind>).show(ctx, rec as RunRecordOf<RunKind>, showing, checkpointStep, loadable);
}
