/**
 * What the store needs to know about one kind of run (storage/runKinds.ts names the kinds): its slice of the store
 * (lab.ts creates one field per kind from the registry and folds every worker message into it), how its section
 * shows a stored record and how a stored run continues. One file per kind beside this one, registered in index.ts;
 * lab.ts, storageActions, historyActions and storageContext loop over the registry instead of naming kinds.
 */
import type { ExperimentSpec } from '../../core/spec/experiment.ts';
import type { RunKind, RunRecordOf } from '../../storage/schema.ts';
import type { FromWorker, RunStatus, StoredRunRef, ToWorker } from '../../worker/protocol.ts';
import type { StorageHost } from '../storageContext.ts';
import type { Showing } from '../storedRun.ts';

/** What `show` may do besides setting the store: tell the worker what to load. */
export interface ShowContext {
  set(change: (s: StorageHost) => Partial<StorageHost>): void;
  get(): StorageHost;
  send(msg: ToWorker): void;
}

/** `S`: the kind's slice of the store (`store[kind]`), e.g. TransformerState. */
export interface RunKindHost<K extends RunKind, S = unknown> {
  /** The slice when the page opens. */
  initial(): S;
  /** The slice after a worker message (every message is offered to every slice; most ignore most). */
  receive(state: S, msg: FromWorker): S;
  /** What a new worker (another backend) leaves of this kind's section and those that show its results. */
  cleared(s: StorageHost): Partial<StorageHost>;
  /** Its runs in words: "the {label} run" ("transformer", "SAE"). */
  label: string;
  /** What the history table's kind column says ("transformer", "SAEs"). */
  column: string;
  /** The history's name of a new run of this spec. */
  name(spec: ExperimentSpec): string;
  /** The page runId and status of the section that shows this kind. */
  section(s: StorageHost): { runId: number; status: RunStatus };
  /** What a new run of this kind records it read from (an SAE run: the transformer run shown, at its step). */
  source?(s: StorageHost): RunRecordOf<K>['source'];
  /**
   * Shows a stored record in the section and tells the worker what to load. `checkpointStep`: its newest
   * checkpoint; `loadable`: a finished run with a checkpoint (its model can be loaded again).
   */
  show(ctx: ShowContext, rec: RunRecordOf<K>, showing: Showing, checkpointStep: number | null, loadable: boolean): void;
  /**
   * Before a stored run continues: bring what it reads into place (`open` shows a stored run in its section) and
   * say why it cannot continue, or null when it can. An SAE run needs its transformer at the step it read.
   */
  resumeBlocker?(rec: RunRecordOf<K>, get: () => StorageHost, open: (id: string) => Promise<void>): Promise<string | null>;
  /**
   * The worker command that continues the stored run `rec` from its checkpoint as page run `runId`. None for a kind
   * its own section continues (the sweep).
   */
  resume?(s: StorageHost, rec: RunRecordOf<K>, runId: number, stored: StoredRunRef): ToWorker;
  /**
   * What the run history says of a run of this kind found interrupted at start-up, when not its checkpoint step
   * (a sweep keeps finished cells, a comparison finished arms).
   */
  interruptedNote?(rec: RunRecordOf<K>): string;
  /** It runs in its own worker (the sweep): a new engine worker (another backend) neither ends nor clears it. */
  ownWorker?: true;
}
