/**
 * SaeSpec as a union on `architecture` (core/spec/sae.ts): what was written before it — a flat spec holding every
 * architecture's knobs, in a link, a stored notebook or a draft — still opens unchanged, and a spec that lacks
 * another architecture's knobs gets their defaults.
 */
import { describe, expect, it } from 'vitest';
import { validateSpec } from '../../../src/core/spec/experiment.ts';
import { type SaeSpecOf, saeFields, saePresets, validateSaes } from '../../../src/core/spec/sae.ts';
import { decodeSpec, encodeSpec } from '../../../src/share/link.ts';
import { checkExperiment } from '../../../src/storage/records.ts';
import { draftsOf } from '../../../src/store/notebookSpec.ts';
import { initialSaes } from '../../../src/store/saeSlice.ts';
import { selectNotebookSpec } from '../../../src/store/specSelectors.ts';
import { initialTransformer } from '../../../src/store/transformerSlice.ts';

/** A ReLU spec as the lab wrote it before the union: TopK's, BatchTopK's and JumpReLU's knobs too, some edited. */
const OLD_FLAT = {
  version: 1, name: 'old flat relu',
  transformer: { p: 23, trainFraction: 0.8, nLayers: 1, dModel: 32, nHeads: 4, dMlp: 128, lr: 0.003, weightDecay: 1, beta1: 0.9, beta2: 0.98, eps: 1e-8, warmupSteps: 10, grokfastAlpha: 0.98, grokfastLambda: 0, steps: 1500, seed: 0, evalEvery: 10 },
  saes: {
    hook: 'hook_resid_post', layer: 0, position: '=', architecture: 'relu', expansion: 4, lr: 0.001, epochs: 60, batchSize: 64, seeds: [1, 2],
    deadWindow: 1, gradClip: 1, evalEvery: 50, k: 5, auxK: 'on', auxKCoef: 0.03125, kAux: 0, l1: 0.5, l1WarmupFraction: 0.05,
    thresholdRate: 0.02, l0Coef: 0.004, bandwidth: 0.1, initThreshold: 0.1,
  },
};

/** The share link of OLD_FLAT, made by the lab before the union (commit c2105b2). */
const OLD_LINK = '1.eJxNkUFrGzEQhf9KeOdJ0a69wRX0ENKUQtNLU8ihlDBejb3CsrRIWttp8H8v0sZtThp94o3evHnFQWKywUM3BM97gUZw5mrjOF9FcRMIObJPmxD3EqFfMUK3i0qt_xK5z1WuPqwI_oFfJKbazHwPRhz0oiX4r8ImQS8LdiN0064ILhaZUgvCUex2yJ-l55cqXkvmprx-nOu21iuCjKW7XK8IR477aXzMM1KEbQy7Dad868aBL4ILfOD92hRKSG-STpWLiKlUDuzuDxKLAXUmJJZUxh1C2EHX4zlKsuZ5DCmD4MqsVTqGZOcU8AkEjv1gs_R5iiXOtxTlNLKfo17-n70pI4V-SNA3irDm3A-P9o9A3yxncwn6V0Ptb4IRNk_Wm3CsGW0jmztnx3p5575ThB10R-Dp9K3s02Ou74Js6reLpu0Iu9vpVP27GnVXiqca6vu1qo6QhyhpCM784CwVtgSn_vVTy2Ldm6M1eSikIVhv88-LrrLz-S_XoL54';

describe('SaeSpec, a union on architecture', () => {
  it('validates an old flat spec to the same record, every architecture\'s knobs kept', () => {
    const spec = validateSpec(OLD_FLAT);
    expect(spec).toEqual(OLD_FLAT);
    const saes = spec.saes!;
    if (saes.architecture !== 'relu') throw new Error('expected a ReLU spec');
    const l1: number = saes.l1; // narrowed: ReLU's own knob is there
    expect(l1).toBe(0.5);
    expect(saes.k).toBe(5); // TopK's knob rides along, for when the controls switch back
  });

  it('opens an old share link as the same spec, and its controls describe it exactly', async () => {
    const read = await decodeSpec(OLD_LINK);
    expect(read.ok && read.spec).toEqual(OLD_FLAT);
    expect(await encodeSpec(validateSpec(OLD_FLAT))).toBe(OLD_LINK); // links made now are the links made then
    const initial = { transformer: initialTransformer(), saes: initialSaes() };
    const drafts = draftsOf(validateSpec(OLD_FLAT), initial);
    expect(selectNotebookSpec(drafts)).toEqual(OLD_FLAT);
  });

  it('reads an old notebook file\'s experiment record unchanged', () => {
    const record = { id: 'notebook', name: 'old', spec: OLD_FLAT, createdAt: 1, updatedAt: 2, openRuns: {} };
    expect(checkExperiment(record).spec).toEqual(OLD_FLAT);
  });

  it('fills another architecture\'s missing knobs with their defaults, and refuses a bad one', () => {
    const { k, auxK, auxKCoef, kAux, thresholdRate, l0Coef, bandwidth, initThreshold, ...reluOnly } = OLD_FLAT.saes;
    void [k, auxK, auxKCoef, kAux, thresholdRate, l0Coef, bandwidth, initThreshold];
    const spec = validateSaes(reluOnly);
    expect(spec).toEqual({ ...reluOnly, k: saeFields.k.default, auxK: 'on', auxKCoef: saeFields.auxKCoef.default, kAux: 0, thresholdRate: saeFields.thresholdRate.default,
      l0Coef: saeFields.l0Coef.default, bandwidth: saeFields.bandwidth.default, initThreshold: saeFields.initThreshold.default });
    expect(() => validateSaes({ ...OLD_FLAT.saes, k: 0 })).toThrow(/saes\.k must be between 1/); // extras are still checked
  });

  it('types each architecture\'s own knobs as present once narrowed', () => {
    const spec = validateSaes(saePresets.phase1); // typed SaeSpec: any architecture
    // @ts-expect-error: k is TopK's knob, optional until the spec is narrowed to an architecture that has it
    const unnarrowed: number = spec.k;
    void unnarrowed;
    const topk: SaeSpecOf<'topk'> | null = spec.architecture === 'topk' ? spec : null;
    expect(topk?.k).toBe(32);
  });
});
