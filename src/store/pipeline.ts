/**
 * "Run all": the notebook-level pipeline. It trains the transformer with the controls' settings and, when that run
 * finishes, trains the SAEs on it — what a share link does on opening, and the header's Run all button. The
 * sections' own actions do the work; the pipeline only decides which one is next (`nextPipelineStep`, pure) each
 * time the store changes. Stopping or resetting a section ends the pipeline at that point.
 */
import type { BackendState } from './backendSlice.ts';
import type { SaeState } from './saeSlice.ts';
import { selectDraftSpec, selectSaeCheck } from './specSelectors.ts';
import type { TransformerState } from './transformerSlice.ts';

export type PipelineStage = 'idle' | 'waiting' | 'transformer' | 'saes';

export interface PipelineState {
  stage: PipelineStage;
  /** Whether the SAEs follow the transformer (a link without SAEs trains the transformer only). */
  withSaes: boolean;
  /** How the last pipeline ended, for the banner ("finished", "stopped: …"). */
  outcome: string | null;
}

export const initialPipeline = (): PipelineState => ({ stage: 'idle', withSaes: false, outcome: null });

export interface PipelineView {
  pipeline: PipelineState;
  backend: Pick<BackendState, 'active' | 'error'>;
  transformer: Pick<TransformerState, 'status' | 'summary' | 'message'>;
  saes: Pick<SaeState, 'status' | 'message' | 'summary'>;
}

export type PipelineStep = { pipeline: PipelineState; start: 'transformer' | 'saes' | null };

const end = (p: PipelineState, outcome: string): PipelineStep => ({ pipeline: { ...p, stage: 'idle', outcome }, start: null });

/** What the pipeline does next given the store now; `pipeline` unchanged (same object) when nothing happens. */
export function nextPipelineStep(v: PipelineView): PipelineStep {
  const { pipeline: p, backend, transformer: t, saes } = v;
  const stay: PipelineStep = { pipeline: p, start: null };
  switch (p.stage) {
    case 'idle':
      return stay;
    case 'waiting':
      if (backend.error) return end(p, `the engine could not start: ${backend.error}`);
      return backend.active ? { pipeline: { ...p, stage: 'transformer' }, start: 'transformer' } : stay;
    case 'transformer':
      if (t.status === 'error') return end(p, `the transformer failed: ${t.message ?? 'unknown error'}`);
      if (t.status === 'idle') return end(p, 'the transformer was reset');
      if (t.status !== 'done' || !t.summary) return stay;
      if (t.summary.stopped) return end(p, `stopped: the transformer ${t.message ?? 'was stopped'}`);
      if (!p.withSaes) return end(p, 'finished: the transformer is trained');
      return { pipeline: { ...p, stage: 'saes' }, start: 'saes' };
    case 'saes':
      if (saes.status === 'error') return end(p, `the SAEs failed: ${saes.message ?? 'unknown error'}`);
      if (saes.status === 'idle') return end(p, 'the SAEs were reset');
      if (saes.status !== 'done' || !saes.summary) return stay;
      return end(p, saes.summary.stopped ? 'stopped: the SAEs were stopped' : 'finished: the transformer and its SAEs are trained');
  }
}

interface Host extends PipelineView {
  transformer: TransformerState;
  saes: SaeState;
  start(): void;
  startSaes(): void;
  stop(): void;
  stopSaes(): void;
}
type Set = (partial: Partial<Pick<Host, 'pipeline'>>) => void;

export interface PipelineActions {
  /** Trains the transformer, then (with `withSaes`, default: when the SAE controls are valid) the SAEs. */
  runAll(withSaes?: boolean): void;
  /** Ends the pipeline and stops whichever section it is running. */
  stopAll(): void;
  /** Moves the pipeline on after a store change (lab.ts calls it after every worker message). */
  stepPipeline(): void;
}

export function pipelineActions(set: Set, get: () => Host): PipelineActions {
  const actions: PipelineActions = {
    runAll(withSaes) {
      const { transformer, saes, pipeline } = get();
      const state = get();
      const spec = selectDraftSpec(state);
      const busy = [transformer.status, saes.status].some((st) => st === 'running' || st === 'paused');
      if (!spec || pipeline.stage !== 'idle' || busy) return;
      const saesValid = selectSaeCheck(state, spec).spec !== null;
      set({ pipeline: { stage: 'waiting', withSaes: withSaes ?? saesValid, outcome: null } });
      actions.stepPipeline();
    },

    stopAll() {
      const { pipeline, transformer, saes } = get();
      if (pipeline.stage === 'idle') return;
      set({ pipeline: { ...pipeline, stage: 'idle', outcome: 'stopped' } });
      const active = (status: string) => status === 'running' || status === 'paused';
      if (active(transformer.status)) get().stop();
      if (active(saes.status)) get().stopSaes();
    },

    stepPipeline() {
      const { pipeline, start } = nextPipelineStep(get());
      if (pipeline === get().pipeline) return;
      set({ pipeline });
      if (start === null) return;
      // The sections' start actions refuse settings that are not valid (now); say so instead of waiting forever.
      const refused = (outcome: string) => set({ pipeline: { ...pipeline, stage: 'idle', outcome } });
      if (start === 'transformer') {
        get().start();
        if (get().transformer.status !== 'running') refused('the transformer settings are not valid; fix them and press Run all');
      } else {
        get().startSaes();
        if (get().saes.status !== 'running') refused('the SAE settings do not fit this transformer; fix them and press Start in section 2');
      }
    },
  };
  return actions;
}
