import type { Stabiliser } from './stabiliser.ts';

export const plain: Stabiliser = {
  name: 'plain', summary: 'plain SAE training (the baseline)', source: '—', knobs: ['init', 'sharedRows'],
  needsReference: false, trainsTogether: false, sharedByConstruction: false, plan: () => ({ dispose: () => {} }),
};
