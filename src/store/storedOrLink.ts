/** On startup, who fills the page: the notebook stored in this browser, or the share link in the address bar. */
import type { ExperimentSpec } from '../core/spec/experiment.ts';
import { canonicalJson } from '../share/link.ts';

/**
 * The stored notebook wins over the link the page was opened with when this is a reload of the tab, or when the link
 * is the notebook's own (same spec, nothing hidden: the address bar follows the controls, so reopening the lab
 * reopens its own link). A link from elsewhere opens and reruns as links do.
 */
export function storedWinsOver(link: { spec: ExperimentSpec; hide: string[] }, stored: ExperimentSpec | undefined, reload: boolean): boolean {
  if (!stored) return false;
  if (reload) return true;
  try {
    return link.hide.length === 0 && canonicalJson(stored) === canonicalJson(link.spec);
  } catch {
    return false; // a stored spec this version cannot read
  }
}

export function isReload(): boolean {
  const nav = globalThis.performance?.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  return nav?.type === 'reload';
}

