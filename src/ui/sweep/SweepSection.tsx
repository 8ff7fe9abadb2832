/**
 * The Sweep section (issue 13): pick axes (any SAE field, a few transformer fields) and seeds; see the cell count,
 * estimated time and memory, or why the sweep is refused; start, pause, resume, stop; watch the results table, a
 * metric against one axis and the 2-D grid fill in; export CSV / JSON, download the sweep file to run the same study
 * on a cluster (`npm run sweep`, docs/scale.md), or share it as a link (`#sweep=`, opened here filled in, not
 * started). A CLI run's results.json opens here too.
 *
 * The host supplies how a cell runs (`runCell`: the sweep worker) and the stored sweep to show (`stored`: after a
 * reload or from Run history; its finished cells' rows are shown and Continue skips them, the cell that was running
 * starts again); without `runCell` the section plans and reads sweeps but cannot run them.
 */
import { type ChangeEvent, useEffect, useMemo, useRef, useState } from 'react';
import type { ExperimentReport } from '../../core/report.ts';
import type { ExperimentSpec } from '../../core/spec/experiment.ts';
import { type RunGroup, batchCells, batchMates, groupedRunCell } from '../../core/sweep/batch.ts';
import type { SweepCell } from '../../core/sweep/expand.ts';
import { describeEstimate } from '../../core/sweep/budget.ts';
import type { SweepRow } from '../../core/sweep/results.ts';
import { type RunCell, type SweepProgress, SweepRunner } from '../../core/sweep/runner.ts';
import type { SweepField, SweepSpec } from '../../core/sweep/spec.ts';
import { resultsCsv, resultsJson } from '../../core/sweep/table.ts';
import type { SweepLinkRead } from '../../share/sweepLink.ts';
import { storedTable } from '../../store/sweepRecord.ts';
import type { StoredSweep } from '../../store/sweepSlice.ts';
import { Section } from '../Section.tsx';
import type { ChipStatus } from '../StatusChip.tsx';
import { FileButton } from '../files/FileButton.tsx';
import { readFiles, saveFile } from '../files/saveFile.ts';
import { formatDuration } from '../format.ts';
import { ResultsTable } from './ResultsTable.tsx';
import { SweepAxisChart } from './SweepAxisChart.tsx';
import { SweepGrid } from './SweepGrid.tsx';
import { SweepLinkPanel } from './SweepLinkPanel.tsx';
import { type SweepDraft, axisOptions, checkDraft, draftFrom, draftOfSweep, notebookSweepBase, sweepFileText } from './sweepDraft.ts';
import './sweep.css';

export interface SweepSectionProps {
  index: number;
  /** The notebook's current spec: every cell starts from it. Null before one exists. */
  base: ExperimentSpec | null;
  runCell?: RunCell;
  /** Optional: runs a batch of cells as one training (core/sweep/batch.ts); cells that batch then use it. */
  runGroup?: RunGroup;
  /** The stored sweep shown (a reload, Run history): its finished cells are shown and not run again. */
  stored?: StoredSweep | null;
  /** A sweep starts (to record it); the first cell waits for it. */
  onBegin?: (sweep: SweepSpec) => Promise<void>;
  /** A finished cell's report, e.g. to store it. */
  onCellDone?: (cell: SweepCell, report: ExperimentReport) => void;
  /** The runner's state after every change. */
  onProgress?: (p: SweepProgress) => void;
  /** The sweep the controls describe, after every change (null while invalid). */
  onDraft?: (sweep: SweepSpec | null) => void;
  /** Open a configuration in the stability and features sections. */
  onOpen?: (id: string, report: ExperimentReport) => void;
  /** The running cell (or batch, by its first cell) that continued from a reload's checkpoint, at that SAE step. */
  resumed?: { id: string; step: number } | null;
  /** The running cell (or batch, by its first cell) whose resume point was last stored, at that SAE step. */
  checkpointed?: { id: string; step: number } | null;
  /** What became of the last configuration opened (its id and a line for under the table). */
  openNote?: { id: string; text: string; ok: boolean } | null;
  /** The sweep link the page was opened from (`#sweep=`), or why it could not be opened; null without one. */
  linked?: SweepLinkRead | null;
}

const MAX_RESULTS_BYTES = 16 * 2 ** 20;
/** What "Add an axis" offers first: the plan's Experiment Set 1 axes, then any field not used yet. */
const SUGGESTED: SweepField[] = ['saes.expansion', 'saes.lr', 'saes.epochs', 'saes.k', 'saes.position', 'saes.layer', 'transformer.seed'];
const nextAxis = (d: SweepDraft): SweepField => {
  const used = new Set(d.axes.map((a) => a.field));
  return SUGGESTED.find((f) => !used.has(f)) ?? axisOptions().find((o) => !used.has(o.field))!.field;
};

export function SweepSection({ index, base: notebookBase, runCell, runGroup, stored, onBegin, onCellDone, onProgress, onDraft, onOpen, openNote, linked, resumed, checkpointed }: SweepSectionProps) {
  // A sweep link (or a stored sweep) carries its own base experiment: its cells start from it, not from the notebook's controls.
  const [useLinkBase, setUseLinkBase] = useState(true);
  const linkedSweep = linked?.ok && useLinkBase ? linked.sweep : null;
  const storedSweep = !linked?.ok && stored ? stored.sweep : null;
  const base = linkedSweep?.base ?? storedSweep?.base ?? notebookBase;
  const [draft, setDraft] = useState<SweepDraft | null>(base ? draftFrom(base) : null);
  useEffect(() => {
    if (linked?.ok) setDraft(draftOfSweep(linked.sweep)); // filled in, not started
  }, [linked]);
  useEffect(() => {
    if (storedSweep) setDraft(draftOfSweep(storedSweep));
  }, [storedSweep]);
  const storedRows = useMemo(() => (storedSweep && stored ? storedTable(storedSweep, stored.reports) : null), [storedSweep, stored]);
  // A notebook whose spec becomes valid after the section mounted (a field fixed, a link opened) starts the draft then.
  useEffect(() => {
    if (!draft && base) setDraft(draftFrom(base));
  }, [base, draft]);
  const [progress, setProgress] = useState<SweepProgress | null>(null);
  const [opened, setOpened] = useState<{ name: string; rows: SweepRow[]; missing: string[] } | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const runner = useRef<SweepRunner | null>(null);
  /** Cells finished in this page (Continue after Stop skips them even when nothing is stored). */
  const finished = useRef(new Map<string, ExperimentReport>());
  // The notebook's stabilisers join the cells only with a stabiliser axis; a link's or stored sweep's base is its own.
  const cellBase = useMemo(() => (base && draft && base === notebookBase ? notebookSweepBase(base, draft) : base), [base, notebookBase, draft]);
  const check = useMemo(() => (cellBase && draft ? checkDraft(cellBase, draft) : null), [cellBase, draft]);
  const options = useMemo(axisOptions, []);
  // With a RunGroup, cells that differ only in seeds, lr, the sparsity coefficient or k train as one batch.
  const grouped = useMemo(() => (check?.ok && runGroup ? batchCells(check.cells) : []), [check, runGroup]);
  const mates = useMemo(() => batchMates(grouped), [grouped]);
  const batches = grouped.length;
  const checkedSweep = check?.ok ? check.sweep : null;
  useEffect(() => onDraft?.(checkedSweep), [checkedSweep, onDraft]);

  const state = progress?.state ?? 'idle';
  const active = state === 'running' || state === 'paused';
  const rows = progress?.table.rows ?? opened?.rows ?? storedRows?.rows ?? [];
  const missing = progress?.table.missing ?? opened?.missing ?? storedRows?.missing ?? [];
  const reportOf = (id: string) => runner.current?.reportOf(id) ?? stored?.reports.get(id);
  // Rows of this page's sweep or the stored one can be opened (their weights are stored); a results.json's cannot.
  const openable = progress !== null ? runner.current !== null : opened === null && !!stored;
  const axes = check?.ok ? check.sweep.axes.map((a) => a.field) : draft?.axes.map((a) => a.field) ?? [];

  const start = async () => {
    if (!check?.ok || !runCell) return;
    const cells = check.cells;
    const one = runGroup ? groupedRunCell(cells, runGroup, (id) => runner.current?.reportOf(id) !== undefined) : runCell;
    const wrapped: RunCell = async (cell, signal) => {
      const report = await one(cell, signal);
      finished.current.set(cell.id, report);
      onCellDone?.(cell, report);
      return report;
    };
    const reports = new Map([...(stored?.reports ?? []), ...finished.current]); // before onBegin: it may show a new record
    await onBegin?.(check.sweep);
    runner.current = new SweepRunner(cells, wrapped, (p) => {
      setProgress(p);
      onProgress?.(p);
    });
    runner.current.adopt(reports);
    setOpened(null);
    void runner.current.start();
  };

  const openResults = async (e: ChangeEvent<HTMLInputElement>) => {
    setFileError(null);
    try {
      const [file] = await readFiles(e.target.files ?? [], MAX_RESULTS_BYTES);
      const doc = JSON.parse(new TextDecoder().decode(file.bytes)) as { name?: unknown; rows?: unknown; missing?: unknown };
      if (!Array.isArray(doc.rows) || !doc.rows.every((r) => typeof r === 'object' && r !== null && typeof (r as SweepRow).id === 'string')) {
        throw new Error('not a sweep results.json (expected {rows: [...]}, as npm run sweep writes it)');
      }
      setProgress(null);
      setOpened({ name: typeof doc.name === 'string' ? doc.name : file.path, rows: doc.rows as SweepRow[], missing: Array.isArray(doc.missing) ? doc.missing.map(String) : [] });
    } catch (err) {
      setFileError(`${(err as Error).message}`);
    } finally {
      e.target.value = '';
    }
  };

  const name = check?.ok ? check.sweep.name : opened?.name ?? 'sweep';
  const status: ChipStatus = state === 'running' ? 'running' : state === 'paused' ? 'paused' : state === 'done' ? 'done' : state === 'failed' ? 'error' : 'idle';
  return (
    <Section id="sweep" index={index} title="Sweep" status={status}
      purpose="Many settings × seeds at once: which ones make SAEs more alike than the strongest null, and more Fourier?"
      statusDetail={progress ? `${progress.done} / ${progress.total} cells${progress.etaSeconds !== null && active ? `, about ${formatDuration(progress.etaSeconds)} left` : ''}` : null}>
      {linked && !linked.ok && <p className="field-error" role="alert" data-testid="sweep-link-error">This sweep link could not be opened: {linked.error}</p>}
      {storedSweep && stored && !progress && <p className="field-help" data-testid="sweep-stored" role="status">{stored.note}</p>}
      {linkedSweep && (
        <p className="field-help" data-testid="sweep-link-opened">
          Opened from a sweep link: every cell starts from the link’s experiment “{linkedSweep.base.name}”, not the notebook’s controls.{' '}
          <button type="button" className="link" onClick={() => setUseLinkBase(false)}>Use the notebook’s experiment</button>
        </p>
      )}
      {!base || !draft ? <p className="field-help">Set up an experiment with SAEs first: every cell starts from it.</p> : (
        <>
          <fieldset className="sweep-axes" disabled={active}>
            <legend>Axes (every combination is a cell)</legend>
            {draft.axes.map((a, i) => (
              <div className="sweep-axis" key={i} data-testid="sweep-axis">
                <select className="field-input" aria-label={`axis ${i + 1} field`} value={a.field}
                  onChange={(e) => setDraft({ ...draft, axes: draft.axes.map((b, j) => (j === i ? { ...b, field: e.target.value as SweepField } : b)) })}>
                  {options.map((o) => <option key={o.field} value={o.field}>{o.label}</option>)}
                </select>
                <input className="field-input" aria-label={`axis ${i + 1} values, comma-separated`} data-testid="sweep-axis-values" value={a.text}
                  onChange={(e) => setDraft({ ...draft, axes: draft.axes.map((b, j) => (j === i ? { ...b, text: e.target.value } : b)) })} />
                <button type="button" className="secondary" onClick={() => setDraft({ ...draft, axes: draft.axes.filter((_, j) => j !== i) })}>Remove</button>
              </div>
            ))}
            <button type="button" className="secondary" data-testid="sweep-add-axis"
              disabled={draft.axes.length >= options.length} onClick={() => setDraft({ ...draft, axes: [...draft.axes, { field: nextAxis(draft), text: '' }] })}>
              Add an axis
            </button>
            <label className="field">
              <span className="field-label">SAE seeds (every cell trains each)</span>
              <input className="field-input" data-testid="sweep-seeds" value={draft.seedsText} onChange={(e) => setDraft({ ...draft, seedsText: e.target.value })} />
            </label>
            <label className="field">
              <span className="field-label">Budget: at most cells / hours</span>
              <span className="sweep-budget">
                <input className="field-input" type="number" min={1} aria-label="most cells" value={draft.maxCells} onChange={(e) => setDraft({ ...draft, maxCells: Number(e.target.value) })} />
                <input className="field-input" type="number" min={0.01} step="any" aria-label="most hours" value={draft.maxHours} onChange={(e) => setDraft({ ...draft, maxHours: Number(e.target.value) })} />
              </span>
            </label>
          </fieldset>
          <p className={check?.ok ? 'sweep-estimate' : 'field-error'} data-testid="sweep-estimate" data-cells={check?.ok ? check.cells.length : check?.count ?? ''} role="status">
            {check?.ok ? describeEstimate(check.estimate) : check?.error}
            {check?.ok && batches > 0 && batches < check.cells.length && (
              <span data-testid="sweep-batches" data-batches={batches}>
                {' '}Trained in {batches} batch{batches === 1 ? '' : 'es'}: cells that differ only in seeds, lr, the sparsity coefficient or k train their SAEs as one.
              </span>
            )}
          </p>
          <div className="sweep-controls">
            <button type="button" data-testid="sweep-start" disabled={!check?.ok || !runCell || active || (stored?.elsewhere && !!storedSweep)} onClick={() => void start()}
              title={runCell ? undefined : 'this page cannot run sweeps yet: download the sweep file and run it with npm run sweep'}>
              {state === 'stopped' || state === 'failed' || (storedRows && !progress && storedRows.rows.length > 0 && storedRows.missing.length > 0) ? 'Continue' : 'Start'}
            </button>
            {state === 'running' && <button type="button" className="secondary" data-testid="sweep-pause" onClick={() => runner.current?.pause()}>Pause</button>}
            {state === 'paused' && <button type="button" className="secondary" data-testid="sweep-resume" onClick={() => runner.current?.resume()}>Resume</button>}
            {active && <button type="button" className="secondary" data-testid="sweep-stop" onClick={() => runner.current?.stop()}>Stop</button>}
            <button type="button" className="secondary" data-testid="sweep-download-spec" disabled={!check?.ok}
              onClick={() => check?.ok && saveFile(sweepFileText(check.sweep), 'sweep.json', 'application/json')}>Sweep file for the CLI</button>
            <FileButton label="Open results.json…" testId="sweep-open-results" accept=".json,application/json" onChange={(e) => void openResults(e)} />
          </div>
          <SweepLinkPanel sweep={check?.ok ? check.sweep : null} />
          {progress?.current && (
            <p className="field-help" data-testid="sweep-current">
              Running {progress.current}{(mates.get(progress.current) ?? []).length > 0 && ` with ${mates.get(progress.current)!.join(', ')} (one batch)`}{resumed?.id === progress.current && `, continued from SAE step ${resumed.step} (its checkpoint before the reload)`}
              {checkpointed?.id === progress.current && (
                <span data-testid="sweep-checkpoint" data-step={checkpointed.step}>; a reload continues it from SAE step {checkpointed.step}</span>
              )}
            </p>
          )}
          {progress?.error && <p className="field-error" data-testid="sweep-error">{progress.error}</p>}
          {fileError && <p className="field-error" data-testid="sweep-file-error">{fileError}</p>}
        </>
      )}
      {rows.length > 0 && (
        <>
          <ResultsTable rows={rows} missing={missing} opened={openNote?.ok ? openNote.id : null} note={openNote}
            onOpen={onOpen && openable ? (id) => { const r = reportOf(id); if (r) onOpen(id, r); } : undefined} />
          <SweepAxisChart rows={rows} />
          {axes.length >= 2 && <SweepGrid rows={rows} x={axes[0]} y={axes[1]} />}
          <div className="sweep-controls">
            <button type="button" className="secondary" data-testid="sweep-export-csv" onClick={() => saveFile(resultsCsv(rows), `${name}.csv`, 'text/csv')}>Export CSV</button>
            <button type="button" className="secondary" data-testid="sweep-export-json" onClick={() => saveFile(resultsJson(name, rows, missing), `${name}.json`, 'application/json')}>Export JSON</button>
          </div>
        </>
      )}
    </Section>
  );
}
