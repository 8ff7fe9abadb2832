/**
 * Link options for teaching, beside a link's spec in the fragment (docs/links.md):
 *
 *   #spec=1.<data>&hide=…&run=0&view=presenter&lesson=3
 *
 *   run=0           open the link's experiment without running it (by default a link reruns it at once)
 *   view=presenter  large type, one section at a time, controls hidden (a projector)
 *   lesson=N        open the guided lesson at step N (1-based)
 *
 * They also work without a spec (`#lesson=1&run=0` opens the lesson on the notebook's own settings). Values that
 * mean nothing here are reported (a sentence each) and read as the default, so a typo never breaks a class's link.
 */

export type View = 'notebook' | 'presenter';

export interface LinkOptions {
  run: boolean;
  view: View;
  /** Lesson step, 1-based, or null for no lesson. */
  lesson: number | null;
}

export const defaultOptions = (): LinkOptions => ({ run: true, view: 'notebook', lesson: null });

const OPTION_NAMES = ['run', 'view', 'lesson'] as const;

/** The fragment's parts (`name=value`), without '#'. */
const partsOf = (hash: string): string[] => (hash.startsWith('#') ? hash.slice(1) : hash).split('&').filter((p) => p !== '');
const nameOf = (part: string): string => (part.includes('=') ? part.slice(0, part.indexOf('=')) : part);
const valueOf = (part: string): string => (part.includes('=') ? part.slice(part.indexOf('=') + 1) : '');

/** The options in a fragment, and a sentence for each value that was not understood. Never throws. */
export function readLinkOptions(hash: string, lessonSteps: number): { options: LinkOptions; problems: string[] } {
  const options = defaultOptions();
  const problems: string[] = [];
  for (const part of partsOf(hash)) {
    const name = nameOf(part);
    const value = valueOf(part).slice(0, 40);
    if (name === 'run') {
      if (value === '0' || value === '1') options.run = value === '1';
      else problems.push(`run=${value} is not 0 or 1: the link runs as usual`);
    } else if (name === 'view') {
      if (value === 'presenter' || value === 'notebook') options.view = value;
      else problems.push(`view=${value} is not "presenter" or "notebook": the notebook view opens`);
    } else if (name === 'lesson') {
      const step = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
      if (step >= 1 && step <= lessonSteps) options.lesson = step;
      else problems.push(`lesson=${value} is not a step from 1 to ${lessonSteps}: the lesson opens at step 1`);
      options.lesson ??= 1;
    }
  }
  return { options, problems };
}

/** `run=0&view=presenter&lesson=3`: the options that differ from the defaults, in a fixed order ('' when none). */
export function optionsFragment(o: LinkOptions): string {
  const parts: string[] = [];
  if (!o.run) parts.push('run=0');
  if (o.view !== 'notebook') parts.push(`view=${o.view}`);
  if (o.lesson !== null) parts.push(`lesson=${o.lesson}`);
  return parts.join('&');
}

/** `hash` (a whole fragment) with its option parts replaced by `o`'s; the spec and hide parts stay as they are. */
export function withOptions(hash: string, o: LinkOptions): string {
  const kept = partsOf(hash).filter((p) => !(OPTION_NAMES as readonly string[]).includes(nameOf(p)));
  const extra = optionsFragment(o);
  return [...kept, ...(extra ? [extra] : [])].join('&');
}
