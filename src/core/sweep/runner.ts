import type { ExperimentReport } from '../report.ts';
import type { SweepCell } from './expand.ts';
import { type MergedTable, mergeRows, reportMatchesCell, rowOf } from './results.ts';

/**
 * Runs a sweep's cells one after another through an injected `runCell` (the page: the run host's worker; a test: a
 * fake), with pause (the running cell finishes, the next waits), resume and stop (the running cell is aborted), and
 * progress with an ETA after every cell. Cells whose reports are already known (a reload, a CLI folder) are skipped:
 * the table is rebuilt from them first. No DOM, no timers: the host decides what a cell is and where reports are kept.
 */

/**
 * Stop's signal to the running cell (a small AbortSignal: the core's type check has no DOM or Node types). The host
 * terminates or signals its worker when `onCancel` fires.
 */
export class CancelToken {
  private listeners: (() => void)[] = [];
  cancelled = false;

  onCancel(listener: () => void): void {
    if (this.cancelled) listener();
    else this.listeners.push(listener);
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    for (const l of this.listeners) l();
    this.listeners = [];
  }
}

export type RunCell = (cell: SweepCell, cancel: CancelToken) => Promise<ExperimentReport>;

export type SweepRunState = 'idle' | 'running' | 'paused' | 'stopped' | 'done' | 'failed';

export interface SweepProgress {
  state: SweepRunState;
  /** Finished cells (skipped ones included) and all cells. */
  done: number;
  total: number;
  /** The cell running now, if any. */
  current: string | null;
  /** Seconds left at the mean pace of the cells run so far; null before the first one finishes. */
  etaSeconds: number | null;
  table: MergedTable;
  error?: string;
}

export class SweepRunner {
  private readonly reports = new Map<string, ExperimentReport>();
  private state: SweepRunState = 'idle';
  private current: string | null = null;
  private controller: CancelToken | null = null;
  private resumeWaiter: (() => void) | null = null;
  private ranSeconds = 0;
  private ranCount = 0;
  private error: string | undefined;

  constructor(
    private readonly cells: SweepCell[],
    private readonly runCell: RunCell,
    private readonly onProgress: (p: SweepProgress) => void = () => undefined,
    /** Clock in seconds (injected: the core has no timers of its own). */
    private readonly now: () => number = () => performance.now() / 1000,
  ) {}

  /** Reports found elsewhere (storage, a CLI folder): kept when made by the cell's spec, ignored otherwise. */
  adopt(reports: Map<string, ExperimentReport>): void {
    for (const cell of this.cells) {
      const r = reports.get(cell.id);
      if (r && reportMatchesCell(cell, r)) this.reports.set(cell.id, r);
    }
    this.emit();
  }

  progress(): SweepProgress {
    const remaining = this.cells.length - this.reports.size;
    return {
      state: this.state,
      done: this.reports.size,
      total: this.cells.length,
      current: this.current,
      etaSeconds: this.ranCount > 0 ? (this.ranSeconds / this.ranCount) * remaining : null,
      table: mergeRows(this.cells, [this.cells.flatMap((c) => (this.reports.has(c.id) ? [rowOf(c, this.reports.get(c.id)!)] : []))]),
      ...(this.error ? { error: this.error } : {}),
    };
  }

  /** The report of a finished cell (to store it, or open it in the stability and features sections). */
  reportOf(id: string): ExperimentReport | undefined {
    return this.reports.get(id);
  }

  /** Runs every unfinished cell; resolves when all are done, or the run is stopped or fails. */
  async start(): Promise<SweepProgress> {
    if (this.state === 'running' || this.state === 'paused') throw new Error('the sweep is running already');
    this.state = 'running';
    this.error = undefined;
    this.emit();
    for (const cell of this.cells) {
      if (this.reports.has(cell.id)) continue;
      if (this.is('paused')) await new Promise<void>((resolve) => { this.resumeWaiter = resolve; });
      if (this.is('stopped')) break;
      this.current = cell.id;
      this.controller = new CancelToken();
      this.emit();
      const started = this.now();
      try {
        const report = await this.runCell(cell, this.controller);
        if (this.is('stopped')) break; // stopped while the cell ran: its result is not trusted
        this.reports.set(cell.id, report);
        this.ranSeconds += this.now() - started;
        this.ranCount++;
      } catch (e) {
        if (this.is('stopped')) break;
        this.state = 'failed';
        this.error = `cell ${cell.id}: ${(e as Error).message}`;
        break;
      } finally {
        this.current = null;
        this.controller = null;
      }
      this.emit();
    }
    if (this.is('running')) this.state = 'done';
    this.emit();
    return this.progress();
  }

  /** The running cell finishes; the next one waits for resume(). */
  pause(): void {
    if (this.state !== 'running') return;
    this.state = 'paused';
    this.emit();
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.state = 'running';
    this.resumeWaiter?.();
    this.resumeWaiter = null;
    this.emit();
  }

  /** Aborts the running cell; finished cells are kept and a later start() runs the rest. */
  stop(): void {
    if (this.state !== 'running' && this.state !== 'paused') return;
    this.state = 'stopped';
    this.controller?.cancel();
    this.resumeWaiter?.();
    this.resumeWaiter = null;
    this.emit();
  }

  /** A method, not a comparison, so the compiler does not narrow the state across awaits (pause/stop change it). */
  private is(s: SweepRunState): boolean {
    return this.state === s;
  }

  private emit(): void {
    this.onProgress(this.progress());
  }
}
