/** The store's run-kind table: one store field per kind, every worker message offered to every kind's slice. */
import { describe, expect, it } from 'vitest';
import { RUN_KINDS } from '../../src/storage/schema.ts';
import { RUN_KIND_HOSTS, clearedRunKinds, initialRunKindStates, receiveRunKinds } from '../../src/store/runKinds/index.ts';
import { startingBackend } from '../../src/store/backendSlice.ts';
import { initialStorage } from '../../src/store/storageSlice.ts';
import { initialSaes, saeReceive } from '../../src/store/saeSlice.ts';
import { initialStability } from '../../src/store/stabilitySlice.ts';
import { initialTransformer } from '../../src/store/transformerSlice.ts';
import type { FromWorker } from '../../src/worker/protocol.ts';

describe('the run kinds as the store sees them', () => {
  it('give one slice per kind the storage lists, each its host\'s initial state', () => {
    const states = initialRunKindStates();
    expect(Object.keys(states)).toEqual([...RUN_KINDS]);
    expect(Object.keys(RUN_KIND_HOSTS)).toEqual([...RUN_KINDS]);
    expect(states.transformer).toEqual(initialTransformer());
    expect(states.saes).toEqual(initialSaes());
  });

  it('fold a message into the kind it is for and leave the others as they were', () => {
    const states = initialRunKindStates();
    const status: FromWorker = { type: 'status', section: 'saes', runId: states.saes.runId, status: 'running', message: 'training' };
    const next = receiveRunKinds(states, status);
    expect(next.saes).toEqual(saeReceive(states.saes, status));
    expect(next.saes.status).toBe('running');
    expect(next.transformer).toBe(states.transformer);
  });

  it('clear every kind\'s section for a new worker', () => {
    const states = initialRunKindStates();
    const running = { ...states, transformer: { ...states.transformer, status: 'running' as const }, saes: { ...states.saes, status: 'paused' as const } };
    const cleared = clearedRunKinds({ ...running, engine: null, backend: startingBackend('auto'),
      stability: initialStability(), storage: initialStorage(), loadSpec() {} });
    expect(cleared.transformer?.status).toBe('idle');
    expect(cleared.saes?.status).toBe('idle');
    expect(cleared.stability).toBeDefined();
  });
});
