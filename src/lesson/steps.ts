/**
 * The guided lesson (README "Teaching with the lab"): five steps from grokking to the question whether training can
 * make SAEs agree. Each step says what to look at, shows only the sections it needs, and offers at most one action
 * (which the page runs only when the class presses it). Plain data: the page maps `action` to store calls.
 */

/** Notebook sections by their ids (the `section-<id>` test ids). */
export type SectionId = 'transformer' | 'saes' | 'stability' | 'fourier' | 'features';

/** What a step's button does: train the teaching transformer; train SAEs on it; train them four times longer. */
export type LessonAction = 'trainTransformer' | 'trainSaes' | 'trainSaesLonger';

export interface LessonStep {
  title: string;
  /** Two or three sentences for the class. */
  text: string;
  sections: SectionId[];
  action?: { kind: LessonAction; label: string };
}

export const LESSON_STEPS: readonly LessonStep[] = [
  {
    title: 'Grokking',
    text: 'A one-layer transformer learns a + b mod p from a fraction of all pairs. Watch train accuracy reach 100 % first '
      + '(it memorises), then test accuracy jump much later: the model has found an algorithm that generalises.',
    sections: ['transformer'],
    action: { kind: 'trainTransformer', label: 'Train the teaching transformer' },
  },
  {
    title: 'Sparse autoencoders',
    text: 'An SAE rewrites the model\'s activations as a few active "latents" out of many, hoping each latent is one '
      + 'feature. We train several SAEs that differ only in their random seed.',
    sections: ['saes'],
    action: { kind: 'trainSaes', label: 'Train the SAEs' },
  },
  {
    title: 'Stability vs the nulls',
    text: 'Do the seeds find the same latents? Each latent is matched to its closest partner in every other seed. '
      + 'Compare the share of shared latents with what untrained SAEs and random directions give: agreement only counts '
      + 'above those nulls.',
    sections: ['stability'],
  },
  {
    title: 'Fourier features',
    text: 'The grokked model computes with a few key frequencies of the inputs (sines and cosines). Look at which '
      + 'frequencies the model uses, and which SAE latents line up with them in every seed.',
    sections: ['fourier', 'features'],
  },
  {
    title: 'Can training fix it?',
    text: 'If the seeds disagree, is it because the SAEs are undertrained? Train them four times longer and compare '
      + 'the stability with the previous run (Run history keeps both).',
    sections: ['saes', 'stability'],
    action: { kind: 'trainSaesLonger', label: 'Train the SAEs 4× longer' },
  },
];

/** The presenter view's sections, one at a time, in the order the science flows. */
export const PRESENTER_SECTIONS: readonly SectionId[] = ['transformer', 'saes', 'stability', 'fourier', 'features'];
