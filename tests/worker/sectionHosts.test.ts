/**
 * The worker's section hosts (sectionHost.ts) with a context lent by hand: each validates its own commands and
 * reports a refused run as its section's error and status, through the one command queue; commands for another
 * section or for a run that is not the current one change nothing.
 */
import { describe, expect, it } from 'vitest';
import { presetSpec } from '../../src/core/spec/experiment.ts';
import { WorkerStorage } from '../../src/worker/checkpointer.ts';
import type { FromWorker } from '../../src/worker/protocol.ts';
import { SaeSection } from '../../src/worker/saeSection.ts';
import type { EngineContext } from '../../src/worker/sectionHost.ts';
import { TransformerSection } from '../../src/worker/transformerSection.ts';

function context() {
  const sent: FromWorker[] = [];
  let queued: Promise<void> = Promise.resolve();
  let tasks = 0;
  const ctx: EngineContext = {
    post: (m) => sent.push(m), storage: new WorkerStorage(), transformer: () => null,
    enqueue: (task) => { tasks += 1; queued = queued.then(task); },
  };
  return { ctx, sent, settled: () => queued, tasks: () => tasks };
}

describe('the worker\'s section hosts', () => {
  it('the transformer\'s: a spec that is not valid is refused as the transformer run\'s error, after the queue', async () => {
    const { ctx, sent, settled, tasks } = context();
    const host = new TransformerSection(ctx);
    const bad = { ...presetSpec('tiny'), transformer: { ...presetSpec('tiny').transformer, p: -1 } };
    host.handle({ type: 'train', section: 'transformer', runId: 4, spec: bad });
    expect(sent).toEqual([]); // queued, not run on arrival
    await settled();
    expect(tasks()).toBe(1);
    expect(sent.map((m) => [m.type, 'section' in m && m.section, 'runId' in m && m.runId])).toEqual([['error', 'transformer', 4], ['status', 'transformer', 4]]);
    expect(sent[1]).toMatchObject({ status: 'error', message: expect.stringMatching(/transformer\.p/) });
    await expect(host.files()).rejects.toThrow(/train one first/);
    host.handle({ type: 'inspect', section: 'fourier', selection: { neuron: 3, head: 1 } }); // no run: kept for the next
    host.handle({ type: 'pause', section: 'transformer' });
    expect(sent).toHaveLength(2);
  });

  it('the SAEs\': no transformer to read is the SAE run\'s error; stability and features commands for no run do nothing', async () => {
    const { ctx, sent, settled } = context();
    const host = new SaeSection(ctx);
    host.handle({ type: 'train', section: 'saes', runId: 9, spec: presetSpec('tiny').saes!, sharedThreshold: 0.7 });
    host.handle({ type: 'analyze', section: 'stability', runId: 9, sharedThreshold: 0.5 });
    host.handle({ type: 'inspectLatent', section: 'features', runId: 9, seedIndex: 0, latent: 0 });
    await settled();
    expect(sent).toEqual([
      { type: 'error', section: 'saes', runId: 9, message: 'train the transformer first: the SAEs read its activations' },
      { type: 'status', section: 'saes', runId: 9, status: 'error', message: 'train the transformer first: the SAEs read its activations' },
    ]);
  });
});
