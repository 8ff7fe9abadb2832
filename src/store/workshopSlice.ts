/**
 * Teaching state: the presenter view (large type, one section at a time, controls hidden) and the guided lesson's
 * open step. Both come from link options (src/share/options.ts) and from the header's toggles, and the address
 * bar follows them, so a reload or a copied link keeps them.
 */
import { LESSON_STEPS, PRESENTER_SECTIONS } from '../lesson/steps.ts';
import { type LinkOptions, type View, readLinkOptions, withOptions } from '../share/options.ts';

export interface WorkshopState {
  view: View;
  /** Open lesson step, 1-based, or null when no lesson is open. */
  lesson: number | null;
  /** Index into PRESENTER_SECTIONS of the section the presenter view shows (when no lesson is open). */
  presenterIndex: number;
  /** The page was opened with run=0: its link's experiment is not rerun. */
  run: boolean;
  /** Link options that were not understood (shown under the header until dismissed). */
  problems: string[];
}

export interface WorkshopActions {
  /** Reads the options in the fragment the page was opened with (once, before the link is opened). */
  readWorkshopOptions(hash: string): LinkOptions;
  setView(view: View): void;
  /** Opens the lesson at `step` (clamped to 1…N), or closes it with null. */
  openLesson(step: number | null): void;
  /** Moves the presenter view by `delta` sections. */
  movePresenter(delta: number): void;
  dismissOptionProblems(): void;
}

export const initialWorkshop = (): WorkshopState => ({ view: 'notebook', lesson: null, presenterIndex: 0, run: true, problems: [] });

interface Host {
  workshop: WorkshopState;
}
type Set = (partial: Partial<Host> | ((s: Host) => Partial<Host>)) => void;

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

/** Keeps the address bar's options in step with the page (history.replaceState: no history entry). */
function writeOptions(w: WorkshopState): void {
  const url = new URL(window.location.href);
  const hash = withOptions(url.hash, { run: w.run, view: w.view, lesson: w.lesson });
  url.hash = hash;
  window.history.replaceState(window.history.state, '', hash === '' ? url.href.replace(/#$/, '') : url);
}

export function workshopActions(set: Set, get: () => Host): WorkshopActions {
  const update = (change: Partial<WorkshopState>) => {
    set((s) => ({ workshop: { ...s.workshop, ...change } }));
    writeOptions(get().workshop);
  };
  return {
    readWorkshopOptions(hash) {
      const { options, problems } = readLinkOptions(hash, LESSON_STEPS.length);
      set((s) => ({ workshop: { ...s.workshop, view: options.view, lesson: options.lesson, run: options.run, problems } }));
      return options;
    },
    setView: (view) => update({ view }),
    openLesson: (step) => update({ lesson: step === null ? null : clamp(Math.round(step), 1, LESSON_STEPS.length) }),
    movePresenter(delta) {
      const presenterIndex = clamp(get().workshop.presenterIndex + delta, 0, PRESENTER_SECTIONS.length - 1);
      set((s) => ({ workshop: { ...s.workshop, presenterIndex } }));
    },
    dismissOptionProblems: () => set((s) => ({ workshop: { ...s.workshop, problems: [] } })),
  };
}
