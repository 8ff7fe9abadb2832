import { type FieldTable, SpecError, defaultsOf, validateFields } from '../spec/fields.ts';

/**
 * Stability-promoting SAE training (issue 14): which stabiliser trains the SAEs and its knobs. One field table owns
 * every knob (bounds, default, doc); a method reads only the knobs its registry entry lists (methods.ts).
 */
export const stabiliserNames = ['plain', 'consistency', 'twoStage', 'alignment', 'fourierInit', 'mutual', 'tiedInit', 'dataInit'] as const;
export type StabiliserName = (typeof stabiliserNames)[number];

export interface StabiliserSpec {
  method: StabiliserName;
  /** Weight α of the stabilising term against the SAE's own loss. */
  alpha: number;
  /** twoStage: fraction of training that only reconstructs before the consistency term joins. */
  stageOneFraction: number;
  /** alignment: steps between Hungarian re-matchings of the latents to the reference. */
  rematchEvery: number;
  /** perSeed: seed i's reference is a plain SAE of its own reference seed (held out); shared: one reference for all. */
  reference: 'perSeed' | 'shared';
  /** Reference seed of seed s = s + referenceSeedOffset (shared: of the first seed). */
  referenceSeedOffset: number;
  /** fourierInit: Fourier functions of a and b and a + b (all), or of a + b only (sum). */
  fourierVariables: 'all' | 'sum';
  /** dataInit: decoder rows from sampled activations or from k-means centroids. */
  dataInit: 'sampled' | 'kmeans';
  kmeansIterations: number;
  /** mutual: SAEs trained together per group (groups are independent of each other). */
  groupSize: number;
  /**
   * own: each seed its own initial weights; shared: every seed starts from the first seed's (the control);
   * sharedRows: only the first `sharedRows` decoder rows (and encoder columns) are the first seed's.
   */
  init: 'own' | 'shared' | 'sharedRows';
  sharedRows: number;
}

export const stabiliserFields: FieldTable<StabiliserSpec> = {
  method: {
    kind: 'choice', label: 'stabiliser', options: stabiliserNames, default: 'plain',
    doc: 'plain training, or a method meant to make SAEs agree across seeds (docs/stabilisers.md)',
  },
  alpha: {
    kind: 'float', label: 'α', min: 0, max: 100, default: 0.1,
    doc: 'consistency, twoStage, alignment, mutual, tiedInit: weight of the stabilising term (0 = plain training)',
  },
  stageOneFraction: {
    kind: 'float', label: 'stage one', min: 0, max: 1, default: 0.5,
    doc: 'twoStage: fraction of training that only reconstructs before the consistency term joins',
  },
  rematchEvery: {
    kind: 'int', label: 're-match every', min: 1, max: 100_000, default: 50,
    doc: 'alignment: training steps between one-to-one (Hungarian) re-matchings of the latents to the reference',
  },
  reference: {
    kind: 'choice', label: 'reference', options: ['perSeed', 'shared'], default: 'perSeed',
    doc: 'perSeed: each seed pulled towards its own plain reference SAE (held out); shared: all towards one (not held out)',
  },
  referenceSeedOffset: {
    kind: 'int', label: 'reference seed offset', min: 1, max: 2 ** 30, default: 100_000,
    doc: 'a seed\'s plain reference SAE is trained with seed + this offset (never one of the seeds compared)',
  },
  fourierVariables: {
    kind: 'choice', label: 'Fourier inputs', options: ['all', 'sum'], default: 'all',
    doc: 'fourierInit: directions of cos/sin(2πk·c/p) for c = a, b and a + b (all), or c = a + b only (sum)',
  },
  dataInit: {
    kind: 'choice', label: 'data init', options: ['sampled', 'kmeans'], default: 'sampled',
    doc: 'dataInit: decoder rows are centred activations sampled by the seed, or k-means centroids seeded by them',
  },
  kmeansIterations: {
    kind: 'int', label: 'k-means iterations', min: 1, max: 100, default: 10,
    doc: 'dataInit with kmeans: Lloyd iterations (spherical k-means on centred activations)',
  },
  groupSize: {
    kind: 'int', label: 'group size', min: 2, max: 16, default: 2,
    doc: 'mutual: SAEs trained together and pushed to agree; stability is measured only between groups',
  },
  init: {
    kind: 'choice', label: 'initialisation', options: ['own', 'shared', 'sharedRows'], default: 'own',
    doc: 'own: each seed draws its own initial weights; shared: every seed starts from the first seed\'s; sharedRows: only the first rows are (controls)',
  },
  sharedRows: {
    kind: 'int', label: 'shared rows', min: 0, max: 65_536, default: 0,
    doc: 'init sharedRows: decoder rows that start the same for every seed (the control for an init shared in part, e.g. Fourier rows)',
  },
};

export const stabiliserDefaults = (): StabiliserSpec => defaultsOf(stabiliserFields);

/** Validates a stabiliser block; with the SAE seeds it also checks that the references are held out. */
export function validateStabiliser(raw: unknown, seeds?: number[], path = 'stabilise'): StabiliserSpec {
  const spec = validateFields(path, stabiliserFields, raw);
  if (!seeds) return spec;
  if (spec.method === 'mutual' && !mutualFits(spec.groupSize, seeds.length)) {
    throw new SpecError(`${path}.groupSize (${spec.groupSize}) must divide the number of seeds (${seeds.length}) into at least 2 groups (stability is measured between groups)`);
  }
  const clash = referenceSeeds(spec, seeds).find((r) => seeds.includes(r));
  if (clash !== undefined) {
    throw new SpecError(`${path}.referenceSeedOffset makes reference seed ${clash} one of the seeds compared; pick another offset`);
  }
  return spec;
}

/** Mutual regularisation needs at least two equal groups: held-out stability is measured between them. */
export const mutualFits = (groupSize: number, seeds: number): boolean => seeds % groupSize === 0 && seeds / groupSize >= 2;

/** The reference seed of each seed (the same one for every seed with a shared reference). */
export const referenceSeeds = (spec: StabiliserSpec, seeds: number[]): number[] =>
  seeds.map((s) => (spec.reference === 'shared' ? seeds[0] : s) + spec.referenceSeedOffset);
