import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../src/core/spec/experiment.ts';
import { type PipelineState, type PipelineView, initialPipeline, nextPipelineStep, pipelineActions } from '../../src/store/pipeline.ts';
import { draftsOf } from '../../src/store/notebookSpec.ts';
import { initialSaes } from '../../src/store/saeSlice.ts';
import { initialTransformer } from '../../src/store/transformerSlice.ts';
import type { TransformerRunSummary } from '../../src/core/train/loop.ts';
import type { SaeRunSummary } from '../../src/core/sae/loop.ts';

const summary = (stopped: boolean) => ({ stopped }) as TransformerRunSummary & SaeRunSummary;
const at = (stage: PipelineState['stage'], withSaes = true): PipelineState => ({ stage, withSaes, outcome: null });

function view(pipeline: PipelineState, change: Partial<{ active: boolean; error: string; t: string; tStopped: boolean; s: string; sStopped: boolean }> = {}): PipelineView {
  const done = (status: string | undefined, stopped: boolean | undefined) => (status === 'done' ? summary(!!stopped) : null);
  return {
    pipeline,
    backend: { active: change.active === false ? null : 'wasm', error: change.error ?? null },
    transformer: { status: (change.t ?? 'idle') as never, summary: done(change.t, change.tStopped), message: change.tStopped ? 'stopped at step 12' : null },
    saes: { status: (change.s ?? 'idle') as never, summary: done(change.s, change.sStopped), message: null },
  };
}

describe('Run all pipeline (next step)', () => {
  it('waits for the engine, then starts the transformer', () => {
    expect(nextPipelineStep(view(at('waiting'), { active: false })).start).toBeNull();
    const step = nextPipelineStep(view(at('waiting')));
    expect(step).toEqual({ pipeline: at('transformer'), start: 'transformer' });
  });

  it('starts the SAEs when the transformer finishes, and only then', () => {
    expect(nextPipelineStep(view(at('transformer'), { t: 'running' })).start).toBeNull();
    expect(nextPipelineStep(view(at('transformer'), { t: 'paused' })).start).toBeNull();
    expect(nextPipelineStep(view(at('transformer'), { t: 'done' }))).toEqual({ pipeline: at('saes'), start: 'saes' });
  });

  it('ends after the transformer when the spec has no SAEs', () => {
    const step = nextPipelineStep(view(at('transformer', false), { t: 'done' }));
    expect(step.start).toBeNull();
    expect(step.pipeline.stage).toBe('idle');
    expect(step.pipeline.outcome).toMatch(/finished/);
  });

  it('ends without SAEs when the transformer was stopped, failed or reset', () => {
    for (const change of [{ t: 'done', tStopped: true }, { t: 'error' }, { t: 'idle' }]) {
      const step = nextPipelineStep(view(at('transformer'), change));
      expect(step.start).toBeNull();
      expect(step.pipeline.stage).toBe('idle');
    }
    expect(nextPipelineStep(view(at('transformer'), { t: 'done', tStopped: true })).pipeline.outcome).toMatch(/stopped at step 12/);
  });

  it('ends when the SAEs finish, saying whether they were stopped', () => {
    expect(nextPipelineStep(view(at('saes'), { t: 'done', s: 'running' })).pipeline.stage).toBe('saes');
    expect(nextPipelineStep(view(at('saes'), { t: 'done', s: 'done' })).pipeline.outcome).toMatch(/finished: the transformer and its SAEs/);
    expect(nextPipelineStep(view(at('saes'), { t: 'done', s: 'done', sStopped: true })).pipeline.outcome).toMatch(/stopped/);
  });

  it('gives up with the reason when the engine cannot start', () => {
    expect(nextPipelineStep(view(at('waiting'), { active: false, error: 'no backend' })).pipeline.outcome).toMatch(/no backend/);
  });

  it('returns the same pipeline object while idle (no store update per message)', () => {
    const p = initialPipeline();
    expect(nextPipelineStep(view(p)).pipeline).toBe(p);
  });
});

describe('Run all pipeline (actions on a store)', () => {
  /** A store with the pipeline's actions and section actions that only record what was started. */
  function fakeStore(spec = presetSpec('tiny')) {
    const started: string[] = [];
    const d = draftsOf(spec, { transformer: initialTransformer(), saes: initialSaes() });
    let state: any = {
      pipeline: initialPipeline(),
      backend: { active: 'wasm', error: null },
      transformer: { ...initialTransformer(), ...d.transformer },
      saes: { ...initialSaes(), ...d.saes },
      start: () => { started.push('transformer'); state.transformer = { ...state.transformer, status: 'running', summary: null }; },
      startSaes: () => { started.push('saes'); state.saes = { ...state.saes, status: 'running' }; },
      stop: () => started.push('stop'),
      stopSaes: () => started.push('stopSaes'),
    };
    const set = (partial: object) => (state = { ...state, ...partial });
    const actions = pipelineActions(set, () => state);
    return { actions, started, get: () => state, set };
  }

  it('runs the transformer, then the SAEs once the transformer reports done', () => {
    const { actions, started, get, set } = fakeStore();
    actions.runAll();
    expect(started).toEqual(['transformer']);
    expect(get().pipeline.withSaes).toBe(true);
    set({ transformer: { ...get().transformer, status: 'done', summary: summary(false) } });
    actions.stepPipeline();
    expect(started).toEqual(['transformer', 'saes']);
  });

  it('Stop all ends the pipeline and stops the running section', () => {
    const { actions, started, get } = fakeStore();
    actions.runAll();
    actions.stopAll();
    expect(get().pipeline.stage).toBe('idle');
    expect(started).toEqual(['transformer', 'stop']);
  });

  it('does nothing while a section is already running', () => {
    const { actions, started, get, set } = fakeStore();
    set({ saes: { ...get().saes, status: 'running' } });
    actions.runAll();
    expect(started).toEqual([]);
    expect(get().pipeline.stage).toBe('idle');
  });
});
