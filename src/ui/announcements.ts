/**
 * What the screen-reader live region (Announcer.tsx) says when the notebook changes on its own: a model groks, a
 * run finishes, stops or fails, the stability analysis is ready. Pure: it compares the store before and after one
 * change, so a sighted user's charts and a screen reader's announcements come from the same events.
 */
import type { SaeState } from '../store/saeSlice.ts';
import type { StabilityState } from '../store/stabilitySlice.ts';
import type { TransformerState } from '../store/transformerSlice.ts';
import { formatInt } from './format.ts';

/** The parts of the lab store that announcements read (LabState fits). */
export interface AnnounceView {
  backend: { error: string | null };
  transformer: Pick<TransformerState, 'runId' | 'status' | 'message' | 'stepsToGrok' | 'summary'>;
  saes: Pick<SaeState, 'runId' | 'status' | 'message' | 'summary'>;
  stability: Pick<StabilityState, 'runId' | 'report' | 'error'>;
}

type RunView = AnnounceView['transformer'] | AnnounceView['saes'];

/** A run's own end (same runId, it was running or paused): done, stopped, paused or failed. */
function runEnd(name: string, prev: RunView, next: RunView): string | null {
  if (prev.runId !== next.runId || prev.status === next.status) return null;
  if (prev.status !== 'running' && prev.status !== 'paused') return null;
  switch (next.status) {
    case 'done':
      if (next.summary?.stopped) return `${name} run stopped at step ${formatInt(next.summary.steps)}.`;
      return `${name} training done${next.message ? `: ${next.message}` : ''}.`;
    case 'paused':
      return `${name} ${next.message ?? 'paused'}.`;
    case 'error':
      return `${name} error: ${next.message ?? 'unknown error'}`;
    default:
      return null;
  }
}

/** The sentences to announce for one store change, oldest first (none for most changes). */
export function announcements(prev: AnnounceView, next: AnnounceView): string[] {
  const said: (string | null)[] = [];
  if (next.backend.error && next.backend.error !== prev.backend.error) said.push(`Engine error: ${next.backend.error}`);
  const t = next.transformer;
  if (t.runId === prev.transformer.runId && prev.transformer.stepsToGrok === null && t.stepsToGrok !== null && prev.transformer.status === 'running') {
    said.push(`Transformer grokked at step ${formatInt(t.stepsToGrok)}.`);
  }
  said.push(runEnd('Transformer', prev.transformer, t));
  said.push(runEnd('SAE', prev.saes, next.saes));
  const st = next.stability;
  if (st.runId === prev.stability.runId) {
    if (prev.stability.report === null && st.report !== null) said.push('Stability analysis done.');
    if (st.error && st.error !== prev.stability.error) said.push(`Stability error: ${st.error}`);
  }
  return said.filter((s): s is string => s !== null);
}
