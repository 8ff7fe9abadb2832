/**
 * The notebook's cells, top to bottom in the order the science flows: App renders them in this order and SkipLinks
 * numbers them from it. A new section adds its component folder and one line here (each renders its own
 * `section-<id>` element, usually through Section.tsx).
 */
import type { ComponentType } from 'react';
import { FeaturesSection } from './features/FeaturesSection.tsx';
import { FourierSection } from './fourier/FourierSection.tsx';
import { RunHistory } from './history/RunHistory.tsx';
import { NotesSection } from './notes/NotesSection.tsx';
import { SaeSection } from './saes/SaeSection.tsx';
import { StabiliseSection } from './stabilise/StabiliseSection.tsx';
import { StabilitySection } from './stability/StabilitySection.tsx';
import { NotebookSweepSection } from './sweep/NotebookSweepSection.tsx';
import { TransformerSection } from './transformer/TransformerSection.tsx';

export interface NotebookSection {
  /** The `section-<id>` element's id (skip links, the lesson's and the presenter's section lists). */
  id: string;
  /** Its name in the skip links. */
  title: string;
  Component: ComponentType;
}

export const NOTEBOOK_SECTIONS: readonly NotebookSection[] = [
  { id: 'transformer', title: 'Transformer', Component: TransformerSection },
  { id: 'saes', title: 'Sparse autoencoders', Component: SaeSection },
  { id: 'stability', title: 'Stability', Component: StabilitySection },
  { id: 'fourier', title: 'Fourier features', Component: FourierSection },
  { id: 'features', title: 'SAE features', Component: FeaturesSection },
  { id: 'notes', title: 'Notes', Component: NotesSection },
  { id: 'history', title: 'Run history', Component: RunHistory },
  { id: 'sweep', title: 'Sweep', Component: NotebookSweepSection },
  { id: 'stabilise', title: 'Stabilise', Component: StabiliseSection },
];
