/**
 * The guided lesson's panel above the notebook: the step's text, progress, Back/Next, and the one action the step
 * needs (nothing trains until the class presses it). The notebook below shows only the step's sections.
 */
import { LESSON_STEPS, type LessonAction } from '../../lesson/steps.ts';
import { useLab } from '../../store/lab.ts';
import { saeStartBlocker } from '../../store/saeActions.ts';
import { selectSaeStartSpec } from '../../store/specSelectors.ts';
import './workshop.css';

/** Why the step's action cannot run now, or null. */
function useBlocked(kind: LessonAction | undefined): string | null {
  const engineReady = useLab((s) => s.backend.active !== null && s.backend.error === null);
  const transformer = useLab((s) => s.transformer);
  const saesBusy = useLab((s) => s.saes.status === 'running' || s.saes.status === 'paused');
  if (!kind) return null;
  if (!engineReady) return 'waiting for the engine to start';
  if (kind === 'trainTransformer') return transformer.status === 'running' || transformer.status === 'paused' ? 'the transformer is training' : null;
  return saesBusy ? 'the SAEs are training' : saeStartBlocker(transformer);
}

function runAction(kind: LessonAction): void {
  const lab = useLab.getState();
  if (kind === 'trainTransformer') {
    // The notebook's own default takes hours on a laptop, and tiny groks without a visible delay: the teaching preset
    // memorises, plateaus and groks in about a minute. A page opened from a link trains the link's settings.
    if (lab.share.notice?.kind !== 'opened') lab.applyPreset('teach');
    useLab.getState().start();
  } else if (kind === 'trainSaes') {
    lab.startSaes();
  } else {
    const epochs = selectSaeStartSpec(lab)?.epochs ?? 1;
    lab.setSaeField('epochs', String(Math.min(10_000, epochs * 4)));
    useLab.getState().startSaes();
  }
}

export function LessonPanel() {
  const step = useLab((s) => s.workshop.lesson);
  const openLesson = useLab((s) => s.openLesson);
  const current = step === null ? undefined : LESSON_STEPS[step - 1];
  const blocked = useBlocked(current?.action?.kind);
  if (step === null || !current) return null;
  const n = LESSON_STEPS.length;
  return (
    <section className="lesson" data-testid="lesson" data-step={step} aria-labelledby="lesson-title">
      <div className="lesson-progress" data-testid="lesson-progress" aria-label={`step ${step} of ${n}`}>
        <span>Lesson · step {step} of {n}</span>
        <ol className="lesson-dots">
          {LESSON_STEPS.map((s, i) => (
            <li key={s.title} className={i + 1 === step ? 'now' : i + 1 < step ? 'past' : ''}>
              <button type="button" className="link" onClick={() => openLesson(i + 1)} aria-current={i + 1 === step ? 'step' : undefined}>{s.title}</button>
            </li>
          ))}
        </ol>
      </div>
      <h2 id="lesson-title" data-testid="lesson-title">{current.title}</h2>
      <p className="lesson-text">{current.text}</p>
      <div className="lesson-buttons">
        <button type="button" data-testid="lesson-back" disabled={step === 1} onClick={() => openLesson(step - 1)}>← Back</button>
        {current.action && (
          <button type="button" className="primary" data-testid="lesson-action" disabled={blocked !== null} title={blocked ?? undefined}
            onClick={() => runAction(current.action!.kind)}>{current.action.label}</button>
        )}
        {current.action && blocked && <span className="run-hint">{blocked}</span>}
        <button type="button" data-testid="lesson-next" disabled={step === n} onClick={() => openLesson(step + 1)}>Next →</button>
        <button type="button" className="link lesson-close" data-testid="lesson-close" onClick={() => openLesson(null)}>Close the lesson</button>
      </div>
    </section>
  );
}
