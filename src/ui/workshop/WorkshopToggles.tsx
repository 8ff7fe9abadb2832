/** Header toggles for teaching: the guided lesson and the presenter view (both also link options, docs/links.md). */
import { useLab } from '../../store/lab.ts';

export function WorkshopToggles() {
  const view = useLab((s) => s.workshop.view);
  const lesson = useLab((s) => s.workshop.lesson);
  const { setView, openLesson } = useLab.getState();
  const presenting = view === 'presenter';
  return (
    <div className="workshop-toggles">
      <button type="button" data-testid="lesson-toggle" aria-pressed={lesson !== null} onClick={() => openLesson(lesson === null ? 1 : null)}
        title="a guided walk through grokking, SAEs, stability and Fourier features">
        {lesson === null ? 'Lesson' : 'Close lesson'}
      </button>
      <button type="button" data-testid="presenter-toggle" aria-pressed={presenting} onClick={() => setView(presenting ? 'notebook' : 'presenter')}
        title="large type, one section at a time, controls hidden (for a projector)">
        {presenting ? 'Notebook view' : 'Presenter view'}
      </button>
    </div>
  );
}
