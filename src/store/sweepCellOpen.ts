/**
 * A sweep cell opened from the Sweep section's results table (issue 13): the notebook's controls take the cell's
 * spec, and its stored SAE weights (checkpoint `<sweep record>@<cell index>`, core/sweep/cellWeights.ts) are installed
 * in the engine worker as the finished SAE run, so the Stability and Features sections analyse them as they would a
 * run trained here (every null, the feature views). Those analyses read the transformer's activations, which the
 * sweep did not store: when the worker's transformer is not the cell's (same spec, finished), the transformer is
 * trained again from the cell's spec first — its training is seeded, so on the same backend it is the model the
 * sweep trained — and the SAEs are installed when it finishes.
 */
import type { SaeSpec } from '../core/spec/sae.ts';
import type { TransformerSpec } from '../core/spec/transformer.ts';
import { cellWeightsOf } from '../core/sweep/cellWeights.ts';
import { expandSweep } from '../core/sweep/expand.ts';
import type { SaeWeights } from '../core/sae/init.ts';
import { getCellWeights } from '../storage/repo.ts';
import type { ToWorker } from '../worker/protocol.ts';
import { type OpenedCell, type SaeState, clearedSaeRun } from './saeSlice.ts';
import { type StabilityState, clearedStability } from './stabilitySlice.ts';
import type { StorageContext } from './storageContext.ts';
import { canonicalJson } from './sweepRecord.ts';
import type { TransformerState } from './transformerSlice.ts';

export interface SweepCellActions {
  /**
   * Opens finished cell `id` of the sweep the Sweep section shows (live or stored) in the notebook. A cell that
   * cannot be opened (no stored weights, a run in progress) changes nothing and says why in `sweep.openNote`.
   */
  openSweepCell(id: string): Promise<void>;
}

export interface SweepCellHooks {
  /** After every worker message: installs a waiting cell's SAEs once its transformer has finished training. */
  step(): void;
}

/** The cell's SAEs waiting for the transformer run `transformerRunId` to finish. */
interface Waiting {
  transformerRunId: number;
  opened: OpenedCell;
  spec: SaeSpec;
  weights: SaeWeights[];
}

const active = (status: string) => status === 'running' || status === 'paused';

/** Whether the worker's transformer is the one a cell of spec `spec` read: the same spec, trained to its end. */
export function transformerMatches(t: Pick<TransformerState, 'status' | 'runSpec' | 'summary'>, spec: TransformerSpec): boolean {
  return t.status === 'done' && t.runSpec !== null && t.summary?.stopped !== true && canonicalJson(t.runSpec) === canonicalJson(spec);
}

/** The name the status lines give an opened cell. */
export const cellLabel = (o: Pick<OpenedCell, 'sweepName' | 'cellId'>): string => `sweep "${o.sweepName}" cell "${o.cellId}"`;

/**
 * The SAE and Stability sections for a cell's SAEs being installed (a new SAE runId, so late messages of the run shown
 * before are dropped), and the worker message that installs them (analysed like imported SAEs).
 */
export function openedCellSections(
  s: { saes: SaeState; stability: StabilityState }, opened: OpenedCell, spec: SaeSpec, weights: SaeWeights[],
): { saes: SaeState; stability: StabilityState; install: ToWorker } {
  const saes: SaeState = { ...clearedSaeRun(s.saes), runSpec: spec, status: 'running', message: `installing the SAEs of ${cellLabel(opened)}…`, openedCell: opened };
  const stability = clearedStability(s.stability, saes.runId);
  return { saes, stability, install: { type: 'import', section: 'saes', runId: saes.runId, spec, weights, sharedThreshold: stability.sharedThreshold } };
}

export function sweepCellActions(ctx: StorageContext, startTransformer: () => void): { actions: SweepCellActions; hooks: SweepCellHooks } {
  let waiting: Waiting | null = null;
  const note = (id: string, text: string, ok: boolean) => ctx.set((s) => ({ sweep: { ...s.sweep, openNote: { id, text, ok } } }));

  const install = (w: Omit<Waiting, 'transformerRunId'>) => {
    const { install: msg, ...sections } = openedCellSections(ctx.get(), w.opened, w.spec, w.weights);
    ctx.set(sections);
    ctx.send(msg);
  };

  return {
    actions: {
      async openSweepCell(id) {
        const shown = ctx.get().sweep.stored;
        const cell = shown && expandSweep(shown.sweep).find((c) => c.id === id);
        if (!shown) return note(id, `Cell "${id}" cannot be opened: this sweep is not stored in this browser, so its cells' SAE weights were not kept.`, false);
        if (!cell?.spec.saes) return note(id, `Cell "${id}" is not a configuration of the stored sweep "${shown.sweep.name}": only its cells' weights are kept here.`, false);
        const { transformer, saes } = ctx.get();
        if (active(transformer.status) || active(saes.status)) {
          return note(id, `Stop the ${active(transformer.status) ? 'transformer' : 'SAE'} run in progress before opening cell "${id}".`, false);
        }
        const stored = ctx.db ? await getCellWeights(ctx.db, shown.recordId, cell.index).catch(() => undefined) : undefined;
        const weights = stored ? cellWeightsOf(stored, cell.spec.saes.seeds.length) : null;
        if (!weights) {
          return note(id, `Cell "${id}" has no stored SAE weights (its row came from an earlier report, or browser storage was cleared): its row is all that is kept. Run the sweep again to open it.`, false);
        }
        waiting = null;
        ctx.get().loadSpec(cell.spec);
        const retrain = !transformerMatches(ctx.get().transformer, cell.spec.transformer);
        const opened: OpenedCell = { sweepName: shown.sweep.name, cellId: id, recordId: shown.recordId, retrained: retrain };
        const w = { opened, spec: cell.spec.saes, weights };
        if (!retrain) {
          install(w);
          return note(id, `Showing ${cellLabel(opened)} in the Stability and Features sections.`, true);
        }
        startTransformer();
        const t = ctx.get().transformer;
        if (t.status !== 'running') return note(id, `Cell "${id}" cannot be opened: the transformer could not start (its settings are loaded in section 1).`, false);
        waiting = { ...w, transformerRunId: t.runId };
        note(id, `Training the transformer of ${cellLabel(opened)} again from its seeded spec (the sweep does not store it); its SAEs are shown when it finishes.`, true);
      },
    },
    hooks: {
      step() {
        const w = waiting;
        if (!w) return;
        const t = ctx.get().transformer;
        if (t.runId !== w.transformerRunId || t.status === 'idle' || t.status === 'error' || t.summary?.stopped) {
          waiting = null;
          return note(w.opened.cellId, `Cell "${w.opened.cellId}" was not opened: its transformer did not finish training.`, false);
        }
        if (t.status !== 'done' || !t.summary) return;
        waiting = null;
        install(w);
        note(w.opened.cellId, `Showing ${cellLabel(w.opened)} in the Stability and Features sections (transformer trained again from the cell's seeded spec).`, true);
      },
    },
  };
}
