import { describe, expect, it } from 'vitest';
import type { SaeRunSummary } from '../../src/core/sae/loop.ts';
import type { TransformerRunSummary } from '../../src/core/train/loop.ts';
import type { StabilityReport } from '../../src/core/experiment/analyze.ts';
import { type AnnounceView, announcements } from '../../src/ui/announcements.ts';

const summary = (steps: number, stopped: boolean) => ({ steps, stopped }) as TransformerRunSummary & SaeRunSummary;

function idle(): AnnounceView {
  return {
    backend: { error: null },
    transformer: { runId: 1, status: 'idle', message: null, stepsToGrok: null, summary: null },
    saes: { runId: 1, status: 'idle', message: null, summary: null },
    stability: { runId: 1, report: null, error: null },
  };
}

/** `base` with some parts replaced (each part merged one level deep). */
function changed(base: AnnounceView, change: { [K in keyof AnnounceView]?: Partial<AnnounceView[K]> }): AnnounceView {
  return {
    backend: { ...base.backend, ...change.backend },
    transformer: { ...base.transformer, ...change.transformer },
    saes: { ...base.saes, ...change.saes },
    stability: { ...base.stability, ...change.stability },
  };
}

describe('screen-reader announcements', () => {
  const running = changed(idle(), { transformer: { status: 'running' } });

  it('say nothing for changes that are not events (progress, the same state again, a run starting)', () => {
    expect(announcements(idle(), idle())).toEqual([]);
    expect(announcements(idle(), running)).toEqual([]);
    expect(announcements(running, changed(running, { transformer: { message: 'step 40' } }))).toEqual([]);
  });

  it('announce grokking once, at the step the model first reached test accuracy 0.99', () => {
    const grokked = changed(running, { transformer: { stepsToGrok: 4560 } });
    expect(announcements(running, grokked)).toEqual(['Transformer grokked at step 4,560.']);
    expect(announcements(grokked, grokked)).toEqual([]);
  });

  it('do not announce a grok step that arrives with another run (a stored run opened, a reset)', () => {
    const opened = changed(idle(), { transformer: { runId: 2, status: 'done', stepsToGrok: 450, summary: summary(1500, false) } });
    expect(announcements(running, opened)).toEqual([]);
  });

  it('tell a finished run from a stopped one, for the transformer and the SAEs', () => {
    const done = changed(running, { transformer: { status: 'done', message: 'finished 1500 steps', summary: summary(1500, false) } });
    expect(announcements(running, done)).toEqual(['Transformer training done: finished 1500 steps.']);
    const stopped = changed(running, { transformer: { status: 'done', message: 'stopped at step 300', summary: summary(300, true) } });
    expect(announcements(running, stopped)).toEqual(['Transformer run stopped at step 300.']);

    const saesRunning = changed(idle(), { saes: { status: 'running' } });
    const saesDone = changed(saesRunning, { saes: { status: 'done', message: 'finished 600 steps', summary: summary(600, false) } });
    expect(announcements(saesRunning, saesDone)).toEqual(['SAE training done: finished 600 steps.']);
    const saesStopped = changed(saesRunning, { saes: { status: 'done', summary: summary(1200, true) } });
    expect(announcements(saesRunning, saesStopped)).toEqual(['SAE run stopped at step 1,200.']);
  });

  it('announce errors of the engine, of a run and of the stability analysis', () => {
    expect(announcements(idle(), changed(idle(), { backend: { error: 'no backend could start' } }))).toEqual(['Engine error: no backend could start']);
    const failed = changed(running, { transformer: { status: 'error', message: 'training failed: NaN loss' } });
    expect(announcements(running, failed)).toEqual(['Transformer error: training failed: NaN loss']);
    expect(announcements(idle(), changed(idle(), { stability: { error: 'out of memory' } }))).toEqual(['Stability error: out of memory']);
  });

  it('announce the stability analysis when its final report arrives for the same SAE run', () => {
    const report = {} as StabilityReport;
    expect(announcements(idle(), changed(idle(), { stability: { report } }))).toEqual(['Stability analysis done.']);
    expect(announcements(idle(), changed(idle(), { stability: { runId: 2, report } }))).toEqual([]);
  });

  it('announce a paused run with its step', () => {
    const paused = changed(running, { transformer: { status: 'paused', message: 'paused at step 120' } });
    expect(announcements(running, paused)).toEqual(['Transformer paused at step 120.']);
  });
});
