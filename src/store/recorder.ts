/**
 * Writes one live run's record as the worker reports it: status at once, the metric history at most every few
 * seconds (and at once when a checkpoint lands, so the stored curves reach the checkpoint a resume starts from),
 * the summary at the end. Records are changed field by field in read-modify-write transactions, so the worker's
 * checkpoint writes to the same record are never lost; of two metric histories the longer one is kept.
 */
import type { LabDb } from '../storage/db.ts';
import { updateRun, updateRunProgress } from '../storage/repo.ts';
import type { RunChange, RunKind, RunMetric, StoredRunStatus } from '../storage/schema.ts';
import type { FromWorker } from '../worker/protocol.ts';

export const METRICS_WRITE_MS = 3000;

type Change = RunChange;

/** How a worker message changes the stored run, or null (metrics are batched separately). */
export function recordChange(msg: FromWorker): Change | null {
  switch (msg.type) {
    case 'status': {
      if (msg.status === 'idle' || msg.status === 'done') return null; // "done" comes with its summary below
      const status: StoredRunStatus = msg.status;
      return { status, message: msg.message };
    }
    case 'done':
      return { status: msg.summary.stopped ? 'stopped' : 'done', summary: msg.summary, step: msg.summary.steps };
    case 'error':
      return { status: 'error', message: msg.message };
    case 'started':
      return { info: msg.info };
    default:
      return null;
  }
}

export class RunRecorder {
  private metrics: RunMetric[];
  private dirty = false;
  private writes: Promise<unknown> = Promise.resolve();
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly db: LabDb,
    readonly recordId: string,
    readonly kind: RunKind,
    readonly pageRunId: number,
    /** Told when a write fails (e.g. storage full); the run goes on. */
    private readonly onError: (e: unknown) => void,
    metrics: RunMetric[] = [],
    writeEveryMs = METRICS_WRITE_MS,
  ) {
    this.metrics = [...metrics];
    if (writeEveryMs > 0) this.timer = setInterval(() => void this.flush(), writeEveryMs);
  }

  /** True for messages of this recorder's run. */
  owns(msg: FromWorker): boolean {
    return 'section' in msg && msg.section === this.kind && 'runId' in msg && msg.runId === this.pageRunId;
  }

  receive(msg: FromWorker): void {
    if (!this.owns(msg)) return;
    if (msg.type === 'metrics') {
      this.metrics.push(...msg.points);
      this.dirty = true;
      return;
    }
    if (msg.type === 'checkpointed') return void this.flush();
    const change = recordChange(msg);
    if (change) {
      this.dirty = true; // the curves go with every status change
      this.write(change);
    }
  }

  /** Writes the metric history if it changed since the last write. */
  flush(): Promise<unknown> {
    if (this.dirty) this.write({});
    return this.writes;
  }

  /** Last write, then no more timer. */
  async close(change: Change = {}): Promise<void> {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    this.dirty = true;
    this.write(change);
    await this.writes;
  }

  private write(change: Change): void {
    const metrics = this.dirty ? [...this.metrics] : null;
    this.dirty = false;
    this.writes = this.writes
      .then(() => (metrics ? updateRunProgress(this.db, this.recordId, metrics, change) : updateRun(this.db, this.recordId, change)))
      .catch(this.onError);
  }
}
