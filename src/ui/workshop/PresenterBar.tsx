/** The presenter view's navigation: which section is on screen, Back/Next (the lesson's own buttons take over when it is open). */
import { PRESENTER_SECTIONS } from '../../lesson/steps.ts';
import { useLab } from '../../store/lab.ts';

const TITLES: Record<(typeof PRESENTER_SECTIONS)[number], string> = {
  transformer: 'Transformer', saes: 'SAEs', stability: 'Stability', fourier: 'Fourier', features: 'SAE features',
};

export function PresenterBar() {
  const presenting = useLab((s) => s.workshop.view === 'presenter');
  const lesson = useLab((s) => s.workshop.lesson);
  const index = useLab((s) => s.workshop.presenterIndex);
  const movePresenter = useLab((s) => s.movePresenter);
  if (!presenting || lesson !== null) return null;
  return (
    <nav className="presenter-bar" data-testid="presenter-bar" aria-label="presenter sections">
      <button type="button" data-testid="presenter-back" disabled={index === 0} onClick={() => movePresenter(-1)}>← Back</button>
      <span data-testid="presenter-position">{TITLES[PRESENTER_SECTIONS[index]]} · {index + 1} of {PRESENTER_SECTIONS.length}</span>
      <button type="button" data-testid="presenter-next" disabled={index === PRESENTER_SECTIONS.length - 1} onClick={() => movePresenter(1)}>Next →</button>
    </nav>
  );
}
