/**
 * The notebook's classes for teaching: `view-presenter` (large type, controls hidden) and `focused focus-<id>…`
 * naming the sections on screen — the lesson step's, or the presenter view's one section (workshop.css hides the rest).
 */
import { LESSON_STEPS, PRESENTER_SECTIONS } from '../../lesson/steps.ts';
import { useLab } from '../../store/lab.ts';

export function useStageClass(): string {
  const { view, lesson, presenterIndex } = useLab((s) => s.workshop);
  const shown = lesson !== null ? LESSON_STEPS[lesson - 1]?.sections : view === 'presenter' ? [PRESENTER_SECTIONS[presenterIndex]] : undefined;
  return [view === 'presenter' && 'view-presenter', shown && 'focused', ...(shown ?? []).map((id) => `focus-${id}`)].filter(Boolean).join(' ');
}
