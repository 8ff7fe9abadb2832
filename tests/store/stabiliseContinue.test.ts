import { describe, expect, it } from 'vitest';
import type { FinishedArm } from '../../src/core/stabilise/finished.ts';
import type { StabiliseSummary } from '../../src/core/stabilise/record.ts';
import { validateStabiliseBlock } from '../../src/core/stabilise/block.ts';
import { saePresets } from '../../src/core/spec/sae.ts';
import { transformerPresets } from '../../src/core/spec/transformer.ts';
import { SPEC_VERSION } from '../../src/core/spec/experiment.ts';
import type { RunRecordOf } from '../../src/storage/schema.ts';
import { stabiliseFromRecord, stabiliseRuns } from '../../src/store/runKinds/stabilise.ts';
import { interruptedNote } from '../../src/store/runKinds/index.ts';
import { type ComparisonBasis, armsToCarry, continuesShown, sourceKey } from '../../src/store/stabiliseContinue.ts';
import { initialStabilise } from '../../src/store/stabiliseSlice.ts';

/** When Start continues a comparison (the arms it keeps), and a stored comparison shown again after a reload. */
const sae = { ...saePresets.tiny, seeds: [42, 123] };
const block = validateStabiliseBlock({ methods: [{ method: 'tiedInit' }] }, sae.seeds);
const basis: ComparisonBasis = { sae, block, source: sourceKey('run-1', 60) };
const plain = { label: 'plain', step: 18, stab: { method: 'plain' } } as unknown as FinishedArm;
const summary = (missing: string[]) => ({ rows: [{ label: 'plain' }], answer: 'a', missing, stopped: missing.length > 0, steps: 18 }) as unknown as StabiliseSummary;

describe('continuing a comparison', () => {
  it('keeps the finished arms of a stopped or interrupted run on the same SAEs, methods and transformer step', () => {
    expect(armsToCarry({ finished: [plain], basis, record: summary(['tiedInit']) }, basis)).toEqual([plain]);
    expect(armsToCarry({ finished: [plain], basis, record: null }, basis)).toEqual([plain]); // interrupted: no table yet
  });

  it('starts over when the comparison was complete, nothing was kept, or anything it trained on changed', () => {
    expect(armsToCarry({ finished: [plain], basis, record: summary([]) }, basis)).toEqual([]);
    expect(armsToCarry({ finished: [], basis, record: null }, basis)).toEqual([]);
    const shown = { finished: [plain], basis, record: null };
    expect(armsToCarry(shown, { ...basis, source: sourceKey('run-1', 61) })).toEqual([]); // the transformer trained on
    expect(armsToCarry(shown, { ...basis, source: sourceKey('run-2', 60) })).toEqual([]);
    expect(armsToCarry(shown, { ...basis, sae: { ...sae, epochs: sae.epochs + 1 } })).toEqual([]);
    expect(armsToCarry(shown, { ...basis, block: validateStabiliseBlock({ methods: [{ method: 'tiedInit', alpha: 0.3 }] }, sae.seeds) })).toEqual([]);
  });

  it('continues the shown run (its saved arm) when incomplete on the same basis, even before its first arm finished', () => {
    expect(continuesShown({ finished: [], basis, record: null }, basis)).toBe(true); // the first arm may have been saved
    expect(continuesShown({ finished: [plain], basis, record: summary(['tiedInit']) }, basis)).toBe(true);
    expect(continuesShown({ finished: [plain], basis, record: summary([]) }, basis)).toBe(false); // complete
    expect(continuesShown({ finished: [plain], basis: null, record: null }, basis)).toBe(false);
    expect(continuesShown({ finished: [plain], basis, record: null }, { ...basis, source: sourceKey('run-1', 61) })).toBe(false);
  });
});

describe('a stored comparison', () => {
  const rec = (status: RunRecordOf<'stabilise'>['status'], metrics: FinishedArm[], s: StabiliseSummary | null): RunRecordOf<'stabilise'> => ({
    id: 'cmp', experimentId: 'notebook', kind: 'stabilise', name: 'stabilisers tiedInit', status, createdAt: 1, updatedAt: 2, backend: 'cpu',
    step: 18, checkpointId: null, metrics, summary: s, source: { runId: 'run-1', step: 60 },
    spec: { version: SPEC_VERSION, name: 'x', transformer: transformerPresets.tiny, saes: sae, stabilise: block },
  });

  it('shows a stopped run\'s table and keeps its arms for Start on the same basis', () => {
    const s = stabiliseFromRecord(initialStabilise(), rec('stopped', [plain], summary(['plain · shared init', 'tiedInit'])), 'stored');
    expect(s.record?.rows.map((r) => r.label)).toEqual(['plain']);
    expect(s.finished).toEqual([plain]);
    expect(s.message).toMatch(/was stopped with 1 finished arm, 2 missing: Start continues with the missing arms/);
    expect(armsToCarry(s, basis)).toEqual([plain]);
    expect(s.draft.picked).toEqual(['tiedInit']); // its methods in the controls, so that Start continues it
  });

  it('shows an interrupted run\'s finished arms, says the arm in progress continues from its save, and resumes with them', () => {
    const r = rec('interrupted', [plain], null);
    const s = stabiliseFromRecord(initialStabilise(), r, 'stored');
    expect([s.status, s.record, s.finished]).toEqual(['idle', null, [plain]]);
    expect(s.message).toMatch(/was interrupted with 1 finished arm: .*the arm that was training continues from its last save/);
    expect(interruptedNote(r)).toBe('interrupted with 1 finished arm; Start continues with the missing arms');
    // The record itself continues: its arm in progress from the point saved under its id.
    expect(stabiliseRuns.resume!({} as never, r, 4, { id: 'cmp', resume: true })).toMatchObject({
      type: 'train', section: 'stabilise', runId: 4, finished: [plain], sae, stored: 'cmp', continueFrom: 'cmp',
    });
  });

  it('shows a finished run as done, with nothing to continue', () => {
    const s = stabiliseFromRecord(initialStabilise(), rec('done', [plain], summary([])), 'stored');
    expect([s.status, s.message]).toEqual(['done', 'finished: 1 arm (stored run "stabilisers tiedInit")']);
    expect(armsToCarry(s, basis)).toEqual([]);
  });
});
